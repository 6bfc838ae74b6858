//! Fitting text into a box: wrapped at spaces (a word wider than the box is broken
//! between letters), at the largest size from `max` down to `min` whose lines fit.
//! Widths come from the caller in em, so one measure serves every size.

/// How a block of text may be set.
#[derive(Debug, Clone, Copy)]
pub struct Block {
    /// Largest and smallest font size, in px.
    pub max: f32,
    pub min: f32,
    pub max_lines: usize,
    /// Line height, as a multiple of the font size.
    pub leading: f32,
}

/// A fitted block: its size and lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub size: f32,
    pub lines: Vec<String>,
}

impl Fitted {
    /// The height its lines take.
    pub fn height(&self, leading: f32) -> f32 {
        self.lines.len() as f32 * self.size * leading
    }
}

/// The largest setting of `text` within `width` × `height` px, or `None` when even the
/// smallest size does not fit. `measure` gives a text's width in em.
pub fn fit(text: &str, width: f32, height: f32, block: Block, measure: &dyn Fn(&str) -> f32) -> Option<Fitted> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Some(Fitted { size: block.min, lines: Vec::new() });
    }
    let mut size = block.max;
    while size >= block.min - 0.01 {
        let lines = wrap(&text, width / size, measure);
        let fitted = Fitted { size, lines };
        if fitted.lines.len() <= block.max_lines && fitted.height(block.leading) <= height {
            return Some(fitted);
        }
        size -= 2.0;
    }
    None
}

/// Greedy wrapping of `text` into lines at most `em` wide.
fn wrap(text: &str, em: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
        if measure(&candidate) <= em {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if measure(word) <= em {
            line = word.to_owned();
            continue;
        }
        // A word wider than the line: broken between letters.
        for c in word.chars() {
            let mut longer = line.clone();
            longer.push(c);
            if !line.is_empty() && measure(&longer) > em {
                lines.push(std::mem::take(&mut line));
                line.push(c);
            } else {
                line = longer;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character half an em wide.
    fn half(text: &str) -> f32 {
        text.chars().count() as f32 * 0.5
    }

    const BLOCK: Block = Block { max: 40.0, min: 20.0, max_lines: 3, leading: 1.2 };

    #[test]
    fn short_text_keeps_the_largest_size_on_one_line() {
        let f = fit("Call before you go", 1000.0, 200.0, BLOCK, &half).unwrap();
        assert_eq!(f, Fitted { size: 40.0, lines: vec!["Call before you go".into()] });
    }

    #[test]
    fn long_text_wraps_then_shrinks_and_keeps_every_word() {
        let text =
            "Before you take a job abroad, check the offer, the employer and the contract with someone you trust";
        let f = fit(text, 400.0, 150.0, BLOCK, &half).unwrap();
        assert!(f.size < 40.0 && f.size >= 20.0, "{f:?}");
        assert!(f.lines.len() <= 3);
        assert!(f.lines.iter().all(|l| half(l) * f.size <= 400.0), "{f:?}");
        assert_eq!(f.lines.join(" "), text);
    }

    #[test]
    fn a_word_wider_than_the_box_is_broken_not_cut() {
        let f = fit("Antitraffickingcampaignhotline", 200.0, 200.0, BLOCK, &half).unwrap();
        assert!(f.lines.len() > 1);
        assert_eq!(f.lines.concat(), "Antitraffickingcampaignhotline");
    }

    #[test]
    fn text_that_cannot_fit_is_refused() {
        let text = "word ".repeat(200);
        assert_eq!(fit(&text, 400.0, 100.0, BLOCK, &half), None);
    }
}
