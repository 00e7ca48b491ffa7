//! Property tests of the stored text forms: identity keys and times.

use proptest::prelude::*;
use tplc_store::{ComponentIdentity, Timestamp, identity_key, parse_identity_key};

proptest! {
    #[test]
    fn named_identity_keys_round_trip(supplier in ".*", group in ".*", name in ".*") {
        let identity = ComponentIdentity::Named { supplier, group, name };
        let key = identity_key(&identity);
        prop_assert!(!key.starts_with("pkg:"));
        prop_assert_eq!(parse_identity_key(&key).unwrap(), identity);
    }

    #[test]
    fn purl_identity_keys_round_trip(rest in "[a-z]{1,8}/[a-zA-Z0-9%._-]{1,20}") {
        let identity = ComponentIdentity::Purl(format!("pkg:{rest}"));
        prop_assert_eq!(parse_identity_key(&identity_key(&identity)).unwrap(), identity);
    }

    #[test]
    fn stored_time_text_orders_as_time(a in 0_i64..4_102_444_800_000_000, b in 0_i64..4_102_444_800_000_000) {
        let at = |micros: i64| {
            let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000).unwrap();
            Timestamp::from_offset_date_time(t)
        };
        let (ta, tb) = (at(a), at(b));
        prop_assert_eq!(ta.cmp(&tb), a.cmp(&b));
        prop_assert_eq!(ta.to_text().cmp(&tb.to_text()), a.cmp(&b));
        prop_assert_eq!(Timestamp::parse(&ta.to_text()).unwrap(), ta);
    }
}
