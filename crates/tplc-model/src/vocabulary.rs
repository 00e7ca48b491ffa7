//! Closed vocabularies shared by every SBOM format (CycloneDX 1.6 `classification`, `scope`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A string that is not one of a closed vocabulary's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// The vocabulary that was consulted, such as `component type`.
    pub vocabulary: &'static str,
    /// The rejected value.
    pub value: String,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} {:?}", self.vocabulary, self.value)
    }
}

impl std::error::Error for UnknownValue {}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $label:literal, { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in the order of the specification.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The value as the CycloneDX specification spells it.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                match value {
                    $($text => Ok(Self::$variant),)+
                    _ => Err(UnknownValue { vocabulary: $label, value: value.to_owned() }),
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = UnknownValue;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                value.parse()
            }
        }

        impl From<$name> for &'static str {
            fn from(value: $name) -> Self {
                value.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// What a component is (CycloneDX 1.6 `component.type`).
    ComponentType, "component type", {
        /// A software application.
        Application => "application",
        /// A software framework.
        Framework => "framework",
        /// A software library.
        Library => "library",
        /// A packaging or containerisation format such as an OCI image.
        Container => "container",
        /// A runtime environment that interprets or executes software.
        Platform => "platform",
        /// A software operating system.
        OperatingSystem => "operating-system",
        /// A hardware device, such as the medical device itself.
        Device => "device",
        /// A special type of software that operates or controls a device.
        DeviceDriver => "device-driver",
        /// Software stored in non-volatile memory of a device.
        Firmware => "firmware",
        /// A computer file.
        File => "file",
        /// A machine-learning model.
        MachineLearningModel => "machine-learning-model",
        /// A collection of discrete values.
        Data => "data",
        /// A cryptographic asset.
        CryptographicAsset => "cryptographic-asset",
    }
);

vocabulary!(
    /// Whether a component is needed at run time (CycloneDX `component.scope`).
    Scope, "scope", {
        /// The component is required at run time.
        Required => "required",
        /// The component is optional at run time.
        Optional => "optional",
        /// The component is excluded from the run-time environment (build or test only).
        Excluded => "excluded",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_round_trips_through_its_text() {
        for value in ComponentType::ALL {
            assert_eq!(value.as_str().parse::<ComponentType>(), Ok(*value));
        }
        for value in Scope::ALL {
            assert_eq!(value.as_str().parse::<Scope>(), Ok(*value));
        }
    }

    #[test]
    fn unknown_values_are_rejected_with_the_vocabulary_name() {
        let error = "widget".parse::<ComponentType>().unwrap_err();
        assert_eq!(error.to_string(), "unknown component type \"widget\"");
    }
}
