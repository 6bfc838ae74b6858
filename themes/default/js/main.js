{# placeholder #}
