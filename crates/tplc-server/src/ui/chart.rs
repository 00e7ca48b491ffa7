//! "Findings over time": an inline SVG line chart drawn on the server (no script, no chart
//! library): the cumulative number of findings by the day they were first seen.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use time::{Date, Duration};

/// The shortest span a chart shows, in days (a portfolio ingested in one day still gets axes).
const MIN_DAYS: i64 = 14;
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

/// The labels the chart writes (already in the page's language).
pub(crate) struct Labels<'a> {
    /// The accessible title.
    pub(crate) title: &'a str,
    /// The x axis.
    pub(crate) axis_date: &'a str,
    /// The y axis.
    pub(crate) axis_count: &'a str,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SVG of the cumulative count of `first_seen` dates from the first of them (or `today`
/// minus [`MIN_DAYS`]) to `today` (or the last date, if later).
pub(crate) fn findings_over_time(first_seen: &[Date], today: Date, labels: &Labels<'_>) -> String {
    let mut per_day: BTreeMap<Date, u64> = BTreeMap::new();
    for day in first_seen {
        *per_day.entry(*day).or_default() += 1;
    }
    let last = per_day
        .keys()
        .next_back()
        .copied()
        .map_or(today, |d| d.max(today));
    let first = per_day
        .keys()
        .next()
        .copied()
        .map_or(last, |d| d.min(last))
        .min(last - Duration::days(MIN_DAYS));
    let days = (last - first).whole_days().max(1);
    let total: u64 = per_day.values().sum();
    let y_max = nice_max(total);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |day: Date| LEFT + plot_w * ((day - first).whole_days() as f64) / (days as f64);
    let y = |count: u64| TOP + plot_h - plot_h * (count as f64) / (y_max as f64);

    // A step line: flat until the day findings appear, then up.
    let mut points = vec![(x(first), y(0))];
    let mut running = 0u64;
    for (day, count) in &per_day {
        points.push((x(*day), y(running)));
        running += count;
        points.push((x(*day), y(running)));
    }
    points.push((x(last), y(running)));

    let mut svg = String::new();
    let title = escape(labels.title);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{title}" id="findings-chart"><title>{title}</title>"#
    );
    // Axes.
    let _ = write!(
        svg,
        r#"<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{b}"/><line class="axis" x1="{LEFT}" y1="{b}" x2="{r}" y2="{b}"/>"#,
        b = TOP + plot_h,
        r = LEFT + plot_w
    );
    for tick in [0, y_max / 2, y_max] {
        let _ = write!(
            svg,
            r#"<text x="{tx}" y="{ty}" text-anchor="end">{tick}</text><line class="axis" x1="{a}" y1="{yy}" x2="{LEFT}" y2="{yy}"/>"#,
            tx = LEFT - 6.0,
            ty = y(tick) + 4.0,
            a = LEFT - 3.0,
            yy = y(tick)
        );
    }
    let middle = first + Duration::days(days / 2);
    for (day, anchor) in [(first, "start"), (middle, "middle"), (last, "end")] {
        let _ = write!(
            svg,
            r#"<text x="{tx:.1}" y="{ty}" text-anchor="{anchor}">{day}</text>"#,
            tx = x(day),
            ty = TOP + plot_h + 16.0
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{cx}" y="{HEIGHT}" text-anchor="middle" dy="-2">{}</text>"#,
        escape(labels.axis_date),
        cx = LEFT + plot_w / 2.0
    );
    let _ = write!(
        svg,
        r#"<text x="12" y="{cy}" text-anchor="middle" transform="rotate(-90 12 {cy})">{}</text>"#,
        escape(labels.axis_count),
        cy = TOP + plot_h / 2.0
    );
    let line: Vec<String> = points
        .iter()
        .map(|(px, py)| format!("{px:.1},{py:.1}"))
        .collect();
    let _ = write!(
        svg,
        r#"<polygon class="area" points="{LEFT:.1},{b:.1} {} {r:.1},{b:.1}"/><polyline class="line" points="{}"/>"#,
        line.join(" "),
        line.join(" "),
        b = TOP + plot_h,
        r = x(last)
    );
    let _ = write!(
        svg,
        r#"<text x="{tx:.1}" y="{ty:.1}" text-anchor="end" font-weight="600">{running}</text></svg>"#,
        tx = x(last) - 4.0,
        ty = y(running) - 6.0
    );
    svg
}

/// A round upper bound of the y axis (at least 2, so the middle tick is a whole number).
fn nice_max(total: u64) -> u64 {
    if total <= 2 {
        return 2;
    }
    let mut step = 1u64;
    while step.saturating_mul(10) < total {
        step = step.saturating_mul(10);
    }
    for m in [2, 4, 5, 10] {
        if step.saturating_mul(m) >= total {
            return step.saturating_mul(m);
        }
    }
    step.saturating_mul(10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const L: Labels<'static> = Labels {
        title: "Findings <over> time",
        axis_date: "Date",
        axis_count: "Count",
    };

    #[test]
    fn counts_accumulate_and_text_is_escaped() {
        let days = [
            date!(2026 - 11 - 01),
            date!(2026 - 11 - 01),
            date!(2026 - 11 - 20),
        ];
        let svg = findings_over_time(&days, date!(2026 - 12 - 01), &L);
        assert!(svg.starts_with("<svg"));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("Findings &lt;over&gt; time"));
        assert!(svg.contains(">3</text></svg>"), "the last total is 3");
        assert!(svg.contains(">2026-11-01<"));
        assert!(svg.contains(">2026-12-01<"));
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn empty_and_one_day_inputs_still_draw_axes() {
        let svg = findings_over_time(&[], date!(2026 - 12 - 01), &L);
        assert!(svg.contains(">2026-11-17<"), "14 days back");
        assert!(svg.contains(">0</text></svg>"));
        let svg = findings_over_time(&[date!(2026 - 12 - 01)], date!(2026 - 12 - 01), &L);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn the_axis_maximum_is_round_and_not_below_the_total() {
        for (total, max) in [
            (0, 2),
            (2, 2),
            (3, 4),
            (7, 10),
            (11, 20),
            (45, 50),
            (101, 200),
            (5000, 5000),
        ] {
            assert_eq!(nice_max(total), max, "{total}");
        }
        for total in 0..3000 {
            assert!(nice_max(total) >= total);
        }
    }
}
