//! Scope (R1: does Essential Principles Art. 12(3) apply?) and the intended environment (R2).

use serde::{Deserialize, Serialize};

use crate::text::{Lang, Text};
use crate::text_enum::text_enum;

text_enum! {
    /// A way the device exchanges data with the outside (取扱い通知 2(1), QA2 Q1).
    pub enum Interface ("interface") {
        /// In-house or external networks (`network`).
        Network = "network",
        /// Wi-Fi, Bluetooth and other wireless links (`wireless`).
        Wireless = "wireless",
        /// External media: USB, SD, HDD, CD, DVD (`usb_media`).
        UsbMedia = "usb_media",
        /// Connected only for maintenance or repair by the manufacturer (`maintenance_only`).
        MaintenanceOnly = "maintenance_only",
        /// Used through the cloud from a terminal (`cloud`).
        Cloud = "cloud",
    }
}

impl Interface {
    /// The label shown to users.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Network, Lang::Ja) => "ネットワーク（院内システム、院外システム等）",
            (Self::Network, Lang::En) => "Network (in-house or external systems)",
            (Self::Wireless, Lang::Ja) => "無線（WiFi、Bluetooth等）",
            (Self::Wireless, Lang::En) => "Wireless (Wi-Fi, Bluetooth, …)",
            (Self::UsbMedia, Lang::Ja) => "外部記録媒体（USB、SD、HDD、CD、DVD等）",
            (Self::UsbMedia, Lang::En) => "External media (USB, SD, HDD, CD, DVD, …)",
            (Self::MaintenanceOnly, Lang::Ja) => "保守や修理作業においてのみ接続",
            (Self::MaintenanceOnly, Lang::En) => "Connected only for maintenance or repair",
            (Self::Cloud, Lang::Ja) => "クラウドにアクセスして使用",
            (Self::Cloud, Lang::En) => "Used through the cloud",
        }
    }
}

/// The recorded scope decision of a product.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScopeDecision {
    /// The device's interfaces.
    pub interfaces: Vec<Interface>,
    /// The device uses software (programs).
    pub has_software: bool,
    /// Unauthorized access or attacks from outside are foreseeable.
    pub attack_foreseeable: bool,
    /// The recorded result: Art. 12(3) applies.
    pub in_scope: bool,
    /// The reasoning, in Japanese and English.
    pub reasoning: Text,
}

/// A scope decision that cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScopeError {
    /// The recorded result differs from the rule and no reasoning explains why.
    #[error(
        "the recorded scope decision (in scope: {}) contradicts the rule (software and (an interface or a foreseeable attack) gives in scope: {}) and no reasoning is given",
        yes_no(*recorded),
        yes_no(*derived)
    )]
    ContradictsRule {
        /// The recorded result.
        recorded: bool,
        /// What the rule gives.
        derived: bool,
    },
    /// An interface is listed twice.
    #[error("interface `{0}` is listed twice")]
    DuplicateInterface(Interface),
}

const fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

impl ScopeError {
    /// The stable code.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::ContradictsRule { .. } => "scope_contradicts_rule",
            Self::DuplicateInterface(_) => "scope_duplicate_interface",
        }
    }

    /// The message in both languages.
    #[must_use]
    pub fn message(&self) -> Text {
        let ja = match self {
            Self::ContradictsRule { recorded, derived } => {
                let word = |value: bool| if value { "該当" } else { "非該当" };
                format!(
                    "記録された適用判断（{}）が判定基準による結果（{}）と異なりますが、判断理由が記載されていません",
                    word(*recorded),
                    word(*derived)
                )
            }
            Self::DuplicateInterface(interface) => {
                format!("接続「{}」が重複しています", interface.label(Lang::Ja))
            }
        };
        Text::new(ja, self.to_string())
    }
}

impl ScopeDecision {
    /// What the rule gives: the device uses software AND (it has any interface, maintenance-only
    /// and cloud included, OR an attack is foreseeable) (R1; QA2 Q1).
    #[must_use]
    pub fn derived_in_scope(&self) -> bool {
        self.has_software && (!self.interfaces.is_empty() || self.attack_foreseeable)
    }

    /// Checks that the decision can be recorded: no interface twice, and a result that
    /// contradicts the rule only with reasoning.
    ///
    /// # Errors
    /// The first problem found.
    pub fn check(&self) -> Result<(), ScopeError> {
        for (position, interface) in self.interfaces.iter().enumerate() {
            if self.interfaces[..position].contains(interface) {
                return Err(ScopeError::DuplicateInterface(*interface));
            }
        }
        let derived = self.derived_in_scope();
        if self.in_scope != derived && self.reasoning.is_blank() {
            return Err(ScopeError::ContradictsRule {
                recorded: self.in_scope,
                derived,
            });
        }
        Ok(())
    }
}

text_enum! {
    /// An intended use environment (取扱い通知 2(3)).
    pub enum UseEnvironment ("use environment") {
        /// Hospitals and clinics (`hospital`).
        Hospital = "hospital",
        /// At home (`home`).
        Home = "home",
        /// Emergency care (`emergency`).
        Emergency = "emergency",
        /// Implanted (`implant`).
        Implant = "implant",
        /// Another environment, described in the environment's texts (`other`).
        Other = "other",
    }
}

impl UseEnvironment {
    /// The label shown to users.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Hospital, Lang::Ja) => "医療機関",
            (Self::Hospital, Lang::En) => "Hospital",
            (Self::Home, Lang::Ja) => "在宅",
            (Self::Home, Lang::En) => "Home",
            (Self::Emergency, Lang::Ja) => "救急",
            (Self::Emergency, Lang::En) => "Emergency",
            (Self::Implant, Lang::Ja) => "植込み型機器",
            (Self::Implant, Lang::En) => "Implant",
            (Self::Other, Lang::Ja) => "その他",
            (Self::Other, Lang::En) => "Other",
        }
    }
}

/// The intended operating environment of a product (R2).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Environment {
    /// Where the device is used.
    pub use_environments: Vec<UseEnvironment>,
    /// The networks it connects to (types, segments), as text.
    pub networks: String,
    /// Operating system, platform and libraries.
    pub platform: String,
    /// Minimum hardware requirements.
    pub min_hardware: String,
    /// Minimum network requirements.
    pub min_network: String,
    /// Minimum IT-security requirements on the operator's side.
    pub min_it_security: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(interfaces: Vec<Interface>, attack: bool, in_scope: bool) -> ScopeDecision {
        ScopeDecision {
            interfaces,
            has_software: true,
            attack_foreseeable: attack,
            in_scope,
            reasoning: Text::default(),
        }
    }

    #[test]
    fn rule_needs_software_and_an_interface_or_attack() {
        assert!(decision(vec![Interface::MaintenanceOnly], false, true).derived_in_scope());
        assert!(decision(vec![], true, true).derived_in_scope());
        assert!(!decision(vec![], false, false).derived_in_scope());
        let no_software = ScopeDecision {
            has_software: false,
            ..decision(vec![Interface::Cloud], true, false)
        };
        assert!(!no_software.derived_in_scope());
    }

    #[test]
    fn contradiction_needs_reasoning() {
        let contradicting = decision(vec![Interface::UsbMedia], false, false);
        let error = contradicting.check().unwrap_err();
        assert_eq!(
            error,
            ScopeError::ContradictsRule {
                recorded: false,
                derived: true
            }
        );
        assert_eq!(error.code(), "scope_contradicts_rule");
        assert!(error.message().ja.contains("判断理由"));
        let reasoned = ScopeDecision {
            reasoning: Text::new(
                "USBポートは物理的に封止されている",
                "The USB port is sealed",
            ),
            ..contradicting
        };
        assert_eq!(reasoned.check(), Ok(()));
        assert_eq!(
            decision(vec![Interface::Network], false, true).check(),
            Ok(())
        );
    }

    #[test]
    fn duplicate_interface_is_refused() {
        let twice = decision(
            vec![Interface::Network, Interface::Cloud, Interface::Network],
            false,
            true,
        );
        assert_eq!(
            twice.check(),
            Err(ScopeError::DuplicateInterface(Interface::Network))
        );
    }

    #[test]
    fn json_uses_the_words() {
        let environment = Environment {
            use_environments: vec![UseEnvironment::Hospital, UseEnvironment::Home],
            ..Environment::default()
        };
        let json = serde_json::to_value(&environment).unwrap();
        assert_eq!(
            json["use_environments"],
            serde_json::json!(["hospital", "home"])
        );
        let bad = serde_json::json!({"interfaces": ["bluetooth"]});
        let error = serde_json::from_value::<ScopeDecision>(bad).unwrap_err();
        assert!(
            error.to_string().contains("unknown variant `bluetooth`"),
            "{error}"
        );
    }
}
