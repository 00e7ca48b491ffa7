//! Type-specific rules and the public API, independent of the shared test data.

use std::collections::HashSet;

use tplc_purl::{Purl, PurlErrorKind};

/// The canonical form of `text`, or the error message.
fn canonical(text: &str) -> String {
    text.parse::<Purl>()
        .map_or_else(|error| error.to_string(), |purl| purl.to_string())
}

/// The error kind of parsing `text`.
fn error_kind(text: &str) -> PurlErrorKind {
    text.parse::<Purl>().expect_err(text).kind().clone()
}

#[test]
fn case_insensitive_types_are_lowercased() {
    assert_eq!(
        canonical("pkg:github/Package-url/purl-Spec@244FD"),
        "pkg:github/package-url/purl-spec@244FD"
    );
    assert_eq!(
        canonical("pkg:deb/Debian/CURL@7.50.3-1"),
        "pkg:deb/debian/curl@7.50.3-1"
    );
    assert_eq!(
        canonical("pkg:composer/Laravel/Laravel@5.5.0"),
        "pkg:composer/laravel/laravel@5.5.0"
    );
    assert_eq!(
        canonical("pkg:rpm/Fedora/Curl@7.50"),
        "pkg:rpm/fedora/Curl@7.50"
    );
    assert_eq!(
        canonical("pkg:oci/Debian@SHA256:ABC"),
        "pkg:oci/debian@sha256:abc"
    );
    assert_eq!(
        canonical("pkg:huggingface/EleutherAI/gpt-neo@ABCDEF"),
        "pkg:huggingface/EleutherAI/gpt-neo@abcdef"
    );
    assert_eq!(
        canonical("pkg:otp/ASN1@5.4#SRC/X.erl"),
        "pkg:otp/asn1@5.4#src/x.erl"
    );
}

#[test]
fn case_sensitive_types_keep_their_case() {
    assert_eq!(
        canonical("pkg:maven/HTTPClient/HTTPClient@0.3-3"),
        "pkg:maven/HTTPClient/HTTPClient@0.3-3"
    );
    assert_eq!(canonical("pkg:npm/Foo@1"), "pkg:npm/Foo@1");
    assert_eq!(
        canonical("pkg:golang/github.com/BurntSushi/toml@v1.0.0"),
        "pkg:golang/github.com/BurntSushi/toml@v1.0.0"
    );
    assert_eq!(
        canonical("pkg:nuget/EnterpriseLibrary.Common@6.0.1304"),
        "pkg:nuget/EnterpriseLibrary.Common@6.0.1304"
    );
    assert_eq!(
        canonical("pkg:bintray/Apache/CouchDB@2"),
        "pkg:bintray/Apache/CouchDB@2"
    );
}

#[test]
fn pypi_names_are_lowercase_with_dashes() {
    let purl: Purl = "pkg:PYPI/Django_package@1.11.1.DEV1".parse().unwrap();
    assert_eq!(purl.name(), "django-package");
    assert_eq!(purl.version(), Some("1.11.1.dev1"));
}

#[test]
fn cpan_author_ids_are_uppercase_and_module_names_rejected() {
    assert_eq!(
        canonical("pkg:cpan/drolsky/DateTime@1.55"),
        "pkg:cpan/DROLSKY/DateTime@1.55"
    );
    assert!(matches!(
        error_kind("pkg:cpan/GDT/URI::PackageURL"),
        PurlErrorKind::InvalidName { .. }
    ));
}

#[test]
fn mlflow_names_are_lowercase_only_on_databricks() {
    assert_eq!(
        canonical(
            "pkg:mlflow/CreditFraud@3?repository_url=https://adb-1.0.azuredatabricks.net/api"
        ),
        "pkg:mlflow/creditfraud@3?repository_url=https:%2F%2Fadb-1.0.azuredatabricks.net%2Fapi"
    );
    assert_eq!(
        canonical("pkg:mlflow/CreditFraud@3?repository_url=https://westus2.api.azureml.ms/mlflow"),
        "pkg:mlflow/CreditFraud@3?repository_url=https:%2F%2Fwestus2.api.azureml.ms%2Fmlflow"
    );
}

#[test]
fn namespace_requirements_follow_the_type() {
    for text in [
        "pkg:maven/io@1",
        "pkg:swift/Alamofire@5.4.3",
        "pkg:vscode-extension/java@1",
        "pkg:git/host",
    ] {
        let kind = error_kind(text);
        assert!(
            matches!(
                kind,
                PurlErrorKind::NamespaceRequired { .. } | PurlErrorKind::MissingName
            ),
            "{text}: {kind:?}"
        );
    }
    for text in [
        "pkg:pypi/ns/django",
        "pkg:otp/namespace/hex@2.1.1",
        "pkg:vcpkg/boost/asio@1.84.0",
    ] {
        assert!(
            matches!(error_kind(text), PurlErrorKind::NamespaceProhibited { .. }),
            "{text}"
        );
    }
    assert!(matches!(
        error_kind("pkg:swid/a/b/c/Name?tag_id=x"),
        PurlErrorKind::InvalidNamespace { .. }
    ));
}

#[test]
fn required_qualifiers_follow_the_type() {
    assert_eq!(
        error_kind("pkg:julia/Dates"),
        PurlErrorKind::MissingQualifier {
            package_type: "julia".to_owned(),
            key: "uuid"
        }
    );
    assert!(matches!(
        error_kind("pkg:swid/Fedora@29"),
        PurlErrorKind::MissingQualifier { .. }
    ));
    assert!(matches!(
        error_kind("pkg:julia/Dates?uuid="),
        PurlErrorKind::MissingQualifier { .. }
    ));
    assert_eq!(
        canonical("pkg:julia/Dates?uuid=ade2"),
        "pkg:julia/Dates?uuid=ade2"
    );
}

#[test]
fn chrome_extension_ids_and_versions_have_a_fixed_shape() {
    assert_eq!(
        canonical("pkg:chrome-extension/DLPNGALGNEFJEIEFHMPKLPFIOHADPGLK@6.0.2.3611"),
        "pkg:chrome-extension/dlpngalgnefjeiefhmpklpfiohadpglk@6.0.2.3611"
    );
    assert!(matches!(
        error_kind("pkg:chrome-extension/dogs"),
        PurlErrorKind::InvalidName { .. }
    ));
    assert!(matches!(
        error_kind("pkg:chrome-extension/dlpngalgnefjeiefhmpklpfiohadpglk@1.2.3-beta"),
        PurlErrorKind::InvalidVersion { .. }
    ));
}

#[test]
fn pub_and_cocoapods_names_are_checked() {
    assert_eq!(
        canonical("pkg:pub/Characters@1.2.0"),
        "pkg:pub/characters@1.2.0"
    );
    assert!(matches!(
        error_kind("pkg:pub/my-package@1"),
        PurlErrorKind::InvalidName { .. }
    ));
    assert!(matches!(
        error_kind("pkg:cocoapods/Share+Kit@1"),
        PurlErrorKind::InvalidName { .. }
    ));
    assert!(matches!(
        error_kind("pkg:cocoapods/.Hidden@1"),
        PurlErrorKind::InvalidName { .. }
    ));
}

#[test]
fn git_names_keep_their_slashes() {
    let purl: Purl = "pkg:git/codeberg.org/forgejo/forgejo@a72d#options/x.md"
        .parse()
        .unwrap();
    assert_eq!(purl.namespace(), Some("codeberg.org"));
    assert_eq!(purl.name(), "forgejo/forgejo");
    assert_eq!(
        purl.to_string(),
        "pkg:git/codeberg.org/forgejo/forgejo@a72d#options/x.md"
    );
    let built = Purl::builder("git", "forgejo/forgejo")
        .namespace("codeberg.org")
        .build()
        .unwrap();
    assert_eq!(built.to_string(), "pkg:git/codeberg.org/forgejo/forgejo");
}

#[test]
fn without_version_keeps_only_the_package() {
    let purl: Purl = "pkg:npm/%40angular/animation@12.3.1?arch=x#lib"
        .parse()
        .unwrap();
    assert_eq!(
        purl.without_version().to_string(),
        "pkg:npm/%40angular/animation"
    );
}

#[test]
fn without_version_keeps_qualifiers_the_type_requires() {
    let purl: Purl = "pkg:julia/Dates@1.9.0?uuid=ade2&repository_url=x"
        .parse()
        .unwrap();
    assert_eq!(
        purl.without_version().to_string(),
        "pkg:julia/Dates?uuid=ade2"
    );
}

#[test]
fn with_version_normalises_and_checks_the_version() {
    let purl: Purl = "pkg:pypi/django@1.0".parse().unwrap();
    assert_eq!(
        purl.with_version(Some("2.0RC1")).unwrap().to_string(),
        "pkg:pypi/django@2.0rc1"
    );
    assert_eq!(
        purl.with_version(None).unwrap().to_string(),
        "pkg:pypi/django"
    );
    assert_eq!(purl.with_version(Some("")).unwrap().version(), None);
    let chrome: Purl = "pkg:chrome-extension/dlpngalgnefjeiefhmpklpfiohadpglk"
        .parse()
        .unwrap();
    assert!(chrome.with_version(Some("1.x")).is_err());
}

#[test]
fn qualifier_lookup_is_case_insensitive() {
    let purl: Purl = "pkg:deb/debian/curl?Arch=i386".parse().unwrap();
    assert_eq!(purl.qualifier("arch"), Some("i386"));
    assert_eq!(purl.qualifier("ARCH"), Some("i386"));
    assert_eq!(purl.qualifier("distro"), None);
}

#[test]
fn spellings_of_one_package_are_equal_and_hash_alike() {
    let spellings = [
        "pkg:GitHub/Package-URL/purl-spec@v1",
        "pkg://github/package-url/purl-spec@v1",
        "pkg:github/package-url/Purl-Spec@v1?empty=",
        "pkg:github/package-url//purl-spec@v1#/./",
    ];
    let purls: HashSet<Purl> = spellings.iter().map(|text| text.parse().unwrap()).collect();
    assert_eq!(purls.len(), 1);
}

#[test]
fn registered_types_are_known() {
    assert!("pkg:npm/foo".parse::<Purl>().unwrap().is_registered_type());
    assert!(
        !"pkg:bintray/foo/bar"
            .parse::<Purl>()
            .unwrap()
            .is_registered_type()
    );
}

#[test]
fn error_messages_name_input_and_component() {
    let message = |text: &str| text.parse::<Purl>().unwrap_err().to_string();
    assert_eq!(message("pkg:npm"), "invalid purl \"pkg:npm\": missing name");
    assert_eq!(
        message("pkg:maven/io"),
        "invalid purl \"pkg:maven/io\": type \"maven\" requires a namespace"
    );
    assert_eq!(
        message("pkg:npm/a%zz"),
        "invalid purl \"pkg:npm/a%zz\": name: '%' must be followed by two hexadecimal digits"
    );
    assert_eq!(
        Purl::parse_strict("pkg:rpm/fedora/curl?Arch=i386")
            .unwrap_err()
            .to_string(),
        "invalid purl \"pkg:rpm/fedora/curl?Arch=i386\": qualifier key \"Arch\" is not lowercase"
    );
}
