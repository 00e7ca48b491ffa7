//! `tplc lifecycle check`: lifecycle problems and upcoming EOL/EOS dates of product versions,
//! from the server's database or from a plan file.

mod plan_file;

use std::fmt::Write as _;

use anyhow::{Context, anyhow};
use serde_json::{Value, json};
use time::Date;
use tplc_compliance::{
    AuditVersion, Lang, LifecyclePlan, LifecycleProblem, Milestone, audit, format_date, milestones,
    parse_date,
};
use tplc_server::compliance::plan_of;

use crate::Outcome;
use crate::cli::{LifecycleCheckArgs, ListFormat};
use crate::commands::admin::{open_store, runtime};
use crate::commands::store_lookup;
use crate::output;

/// One version to check.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Checked {
    /// How it is named in the report.
    label: String,
    /// Where it is defined (`FILE:LINE:COL` for a plan file).
    at: Option<String>,
    plan: LifecyclePlan,
    shown_to: usize,
}

pub(crate) fn check(arguments: &LifecycleCheckArgs) -> anyhow::Result<Outcome> {
    let today = match &arguments.today {
        Some(text) => parse_date(text).map_err(|message| anyhow!("--today: {message}"))?,
        None => time::OffsetDateTime::now_utc().date(),
    };
    let versions = match &arguments.file {
        Some(path) => plan_file::read(path)?
            .into_iter()
            .map(|version| Checked {
                label: version.label,
                at: Some(version.at),
                plan: version.plan,
                shown_to: version.shown_to,
            })
            .collect(),
        None => from_database(arguments)?,
    };
    let problems = {
        let audited: Vec<AuditVersion<'_>> = versions
            .iter()
            .map(|version| AuditVersion {
                label: &version.label,
                plan: &version.plan,
                shown_to: version.shown_to,
            })
            .collect();
        audit(&audited, today)
    };
    let upcoming = {
        let plans: Vec<(&str, &LifecyclePlan)> = versions
            .iter()
            .map(|version| (version.label.as_str(), &version.plan))
            .collect();
        milestones(&plans, today, arguments.months)
    };
    let report = Report {
        today,
        months: arguments.months,
        versions: &versions,
        problems: &problems,
        milestones: &upcoming,
        lang: arguments.lang.lang(),
    };
    let text = match arguments.format {
        ListFormat::Table => report.table(),
        ListFormat::Json => format!("{}\n", serde_json::to_string_pretty(&report.json())?),
    };
    output::print(&text)?;
    Ok(if problems.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failed
    })
}

/// The versions of the organization(s) chosen, with their disclosure counts, read as the
/// server reads them ([`plan_of`]).
fn from_database(arguments: &LifecycleCheckArgs) -> anyhow::Result<Vec<Checked>> {
    runtime()?.block_on(async {
        let store = open_store(&arguments.location).await?;
        let organizations = store_lookup::organizations(&store, arguments.org.as_deref()).await?;
        let name_organizations = organizations.len() > 1;
        let mut versions = Vec::new();
        for organization in &organizations {
            for (product, version, shown_to) in store.lifecycle_overview(organization.id).await? {
                let label = if name_organizations {
                    format!(
                        "{} / {} {}",
                        organization.name, product.name, version.version
                    )
                } else {
                    format!("{} {}", product.name, version.version)
                };
                versions.push(Checked {
                    plan: plan_of(&version)
                        .with_context(|| format!("{} {}", product.name, version.version))?,
                    label,
                    at: None,
                    shown_to: usize::try_from(shown_to).unwrap_or(0),
                });
            }
        }
        store.close().await;
        Ok(versions)
    })
}

/// What `tplc lifecycle check` prints.
struct Report<'a> {
    today: Date,
    months: u32,
    versions: &'a [Checked],
    problems: &'a [LifecycleProblem],
    milestones: &'a [Milestone],
    lang: Lang,
}

/// The English or the Japanese text.
fn say<'t>(lang: Lang, en: &'t str, ja: &'t str) -> &'t str {
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

impl Report<'_> {
    fn at(&self, label: &str) -> Option<&str> {
        self.versions
            .iter()
            .find(|version| version.label == label)
            .and_then(|version| version.at.as_deref())
    }

    fn summary(&self) -> String {
        let today = format_date(self.today);
        let (versions, problems) = (self.versions.len(), self.problems.len());
        match self.lang {
            Lang::En => format!(
                "Lifecycle check on {today}: {versions} version{}, {problems} problem{}",
                if versions == 1 { "" } else { "s" },
                if problems == 1 { "" } else { "s" }
            ),
            Lang::Ja => {
                format!("ライフサイクル確認（{today}時点）：{versions}版、問題{problems}件")
            }
        }
    }

    fn table(&self) -> String {
        let lang = self.lang;
        let mut text = format!("{}\n", self.summary());
        if !self.problems.is_empty() {
            let _ = writeln!(text, "\n{}", say(lang, "Problems", "問題"));
            let rows: Vec<Vec<String>> = self
                .problems
                .iter()
                .map(|problem| {
                    let label = match self.at(&problem.label) {
                        Some(at) => format!("{} ({at})", problem.label),
                        None => problem.label.clone(),
                    };
                    vec![label, problem.code().to_owned(), problem.message(lang)]
                })
                .collect();
            text.push_str(&output::table(
                &[
                    say(lang, "Version", "版"),
                    say(lang, "Code", "コード"),
                    say(lang, "Problem", "内容"),
                ],
                &rows,
            ));
        }
        let heading = match lang {
            Lang::En => format!("Upcoming EOL/EOS within {} months", self.months),
            Lang::Ja => format!("EOL/EOS予定（{}か月以内）", self.months),
        };
        let _ = writeln!(text, "\n{heading}");
        if self.milestones.is_empty() {
            let _ = writeln!(text, "{}", say(lang, "none", "なし"));
            return text;
        }
        let rows: Vec<Vec<String>> = self
            .milestones
            .iter()
            .map(|milestone| {
                vec![
                    format_date(milestone.date),
                    milestone.kind.label(lang).to_owned(),
                    milestone.months_left.to_string(),
                    milestone.label.clone(),
                ]
            })
            .collect();
        text.push_str(&output::table(
            &[
                say(lang, "Date", "日付"),
                say(lang, "Milestone", "区分"),
                say(lang, "Months left", "残り月数"),
                say(lang, "Version", "版"),
            ],
            &rows,
        ));
        text
    }

    fn json(&self) -> Value {
        let problems: Vec<Value> = self
            .problems
            .iter()
            .map(|problem| {
                let mut value = serde_json::to_value(problem).unwrap_or(Value::Null);
                if let Value::Object(fields) = &mut value {
                    fields.insert("message".into(), problem.message(self.lang).into());
                    if let Some(at) = self.at(&problem.label) {
                        fields.insert("at".into(), at.into());
                    }
                }
                value
            })
            .collect();
        let milestones: Vec<Value> = self
            .milestones
            .iter()
            .map(|milestone| {
                json!({
                    "label": milestone.label,
                    "kind": milestone.kind,
                    "kind_label": milestone.kind.label(self.lang),
                    "date": format_date(milestone.date),
                    "months_left": milestone.months_left,
                })
            })
            .collect();
        json!({
            "today": format_date(self.today),
            "months": self.months,
            "versions": self.versions.len(),
            "passed": self.problems.is_empty(),
            "problems": problems,
            "milestones": milestones,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;
    use tplc_compliance::LifecyclePhase;

    fn report_of(versions: &[Checked], today: Date, lang: Lang) -> (String, Value) {
        let audited: Vec<AuditVersion<'_>> = versions
            .iter()
            .map(|version| AuditVersion {
                label: &version.label,
                plan: &version.plan,
                shown_to: version.shown_to,
            })
            .collect();
        let problems = audit(&audited, today);
        let plans: Vec<(&str, &LifecyclePlan)> = versions
            .iter()
            .map(|version| (version.label.as_str(), &version.plan))
            .collect();
        let upcoming = milestones(&plans, today, 12);
        let report = Report {
            today,
            months: 12,
            versions,
            problems: &problems,
            milestones: &upcoming,
            lang,
        };
        (report.table(), report.json())
    }

    fn version(label: &str, eol: Date, eos: Date) -> Checked {
        Checked {
            label: label.into(),
            at: Some(format!("plan.toml:{}:9", label.len())),
            plan: LifecyclePlan {
                eol: Some(eol),
                eos: Some(eos),
                phase: LifecyclePhase::Support,
                ..LifecyclePlan::default()
            },
            shown_to: 1,
        }
    }

    #[test]
    fn problems_carry_code_message_and_place() {
        let versions = [version("A 1", date!(2030 - 03 - 31), date!(2030 - 03 - 31))];
        let (table, json) = report_of(&versions, date!(2026 - 01 - 15), Lang::En);
        assert!(table.starts_with("Lifecycle check on 2026-01-15: 1 version, 1 problem\n"));
        assert!(table.contains("A 1 (plan.toml:3:9)  eos_not_after_eol  EOS 2030-03-31"));
        assert!(table.contains("QA2 Q10"), "{table}");
        assert_eq!(json["passed"], false);
        assert_eq!(json["problems"][0]["code"], "eos_not_after_eol");
        assert_eq!(json["problems"][0]["at"], "plan.toml:3:9");
        assert_eq!(json["problems"][0]["eos"], "2030-03-31");
    }

    #[test]
    fn milestones_are_listed_in_the_language_asked() {
        let versions = [version("B 2", date!(2026 - 06 - 30), date!(2028 - 06 - 30))];
        let (table, json) = report_of(&versions, date!(2026 - 01 - 15), Lang::Ja);
        assert!(table.contains("EOL/EOS予定（12か月以内）"), "{table}");
        assert!(table.contains("2026-06-30  EOL（製品寿命）  5"), "{table}");
        assert_eq!(json["problems"].as_array().map(Vec::len), Some(0));
        assert_eq!(json["milestones"][0]["kind"], "eol");
        assert_eq!(json["milestones"][0]["months_left"], 5);
    }
}
