//! Finding an organization, product or version named on the command line (by name or by
//! numeric id).

use anyhow::bail;
use tplc_store::{
    Organization, OrganizationId, Product, ProductId, ProductVersion, ProductVersionId, Store,
};

/// The organization named `org` (its name, else its numeric id).
pub(crate) async fn organization(store: &Store, org: &str) -> anyhow::Result<Organization> {
    match store.organization_by_name(org).await {
        Ok(organization) => return Ok(organization),
        Err(error) if !error.is_not_found() => return Err(error.into()),
        Err(_) => {}
    }
    if let Ok(id) = org.parse::<i64>() {
        match store.organization(OrganizationId::new(id)).await {
            Ok(organization) => return Ok(organization),
            Err(error) if !error.is_not_found() => return Err(error.into()),
            Err(_) => {}
        }
    }
    bail!("no organization {org:?}")
}

/// The organizations `org` selects: the one named, else every organization.
pub(crate) async fn organizations(
    store: &Store,
    org: Option<&str>,
) -> anyhow::Result<Vec<Organization>> {
    match org {
        Some(org) => Ok(vec![organization(store, org).await?]),
        None => Ok(store.organizations().await?),
    }
}

/// The organization named `org`, or the only one when none is named.
pub(crate) async fn single_organization(
    store: &Store,
    org: Option<&str>,
) -> anyhow::Result<Organization> {
    if let Some(org) = org {
        return organization(store, org).await;
    }
    let mut all = store.organizations().await?;
    match all.len() {
        0 => bail!("the database holds no organization"),
        1 => Ok(all.remove(0)),
        _ => {
            let names: Vec<String> = all.iter().map(|o| format!("{:?}", o.name)).collect();
            bail!(
                "the database holds several organizations: give --org (one of {})",
                names.join(", ")
            )
        }
    }
}

/// The product of `org` named `product` (its name, else its numeric id).
pub(crate) async fn product(
    store: &Store,
    org: &Organization,
    product: &str,
) -> anyhow::Result<Product> {
    let products = store.products(org.id).await?;
    let by_id = product.parse::<i64>().ok().map(ProductId::new);
    let found = products
        .iter()
        .find(|p| p.name == product)
        .or_else(|| products.iter().find(|p| Some(p.id) == by_id));
    match found {
        Some(found) => Ok(found.clone()),
        None => bail!("no product {product:?} in organization {:?}", org.name),
    }
}

/// The version of `product` labelled `version` (its label, else its numeric id).
pub(crate) async fn version(
    store: &Store,
    org: &Organization,
    product: &Product,
    version: &str,
) -> anyhow::Result<ProductVersion> {
    let versions = store.product_versions(org.id, product.id).await?;
    let by_id = version.parse::<i64>().ok().map(ProductVersionId::new);
    let found = versions
        .iter()
        .find(|v| v.version == version)
        .or_else(|| versions.iter().find(|v| Some(v.id) == by_id));
    match found {
        Some(found) => Ok(found.clone()),
        None => {
            let labels: Vec<&str> = versions.iter().map(|v| v.version.as_str()).collect();
            if labels.is_empty() {
                bail!("no version {version:?} of {:?}: it has none", product.name)
            }
            bail!(
                "no version {version:?} of {:?} (it has {})",
                product.name,
                labels.join(", ")
            )
        }
    }
}
