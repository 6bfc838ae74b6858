//! Contacts whose number was last checked too long ago: a hotline that has changed
//! its number is worse than none. The age limit is `[check] verified_max_days`.
//! Example contacts (`example = true`) are not real services: there is nothing to
//! call, and the site shows them marked as examples.

use crate::error::Diagnostic;
use crate::model::Site;

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian).
pub fn days(date: &str) -> Option<i64> {
    let mut parts = date.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn today() -> i64 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    (secs / 86_400) as i64
}

pub fn check(site: &Site, out: &mut Vec<Diagnostic>) {
    check_on(site, today(), out);
}

fn check_on(site: &Site, today: i64, out: &mut Vec<Diagnostic>) {
    let max = i64::from(site.config.check.verified_max_days);
    let path = site.root.join("site.toml");
    for c in site.config.contacts.iter().filter(|c| !c.example) {
        let help = "call the number, then set `verified` to today's date (YYYY-MM-DD)";
        match days(&c.verified) {
            None if c.verified.is_empty() => out
                .push(Diagnostic::warning(&path, format!("contact `{}` has no `verified` date", c.id)).with_help(help)),
            None => out.push(
                Diagnostic::warning(
                    &path,
                    format!("contact `{}`: `verified = \"{}\"` is not a YYYY-MM-DD date", c.id, c.verified),
                )
                .with_help(help),
            ),
            Some(d) if today - d > max => out.push(
                Diagnostic::warning(
                    &path,
                    format!(
                        "contact `{}` ({}) was last verified on {}, {} days ago (more than {max})",
                        c.id,
                        c.number,
                        c.verified,
                        today - d
                    ),
                )
                .with_help(format!("{help}; the limit is `[check] verified_max_days`")),
            ),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::days;

    #[test]
    fn dates_count_days_since_1970() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2000-03-01"), Some(11_017));
        assert_eq!(days("2026-11-29"), Some(20_786));
        assert_eq!(days("2026-13-01"), None);
        assert_eq!(days("soon"), None);
    }
}
