//! Demonstration data (`assize demo`): organisations in two regions, a user for every role, and a
//! few hundred cases at every stage, created through the same domain commands and the same
//! atomic append as real use (with the court calendar set back so cases have a history).

mod cases;
mod estate;
mod people;
mod warned;

use assize_domain::access::OrgKind;
use assize_store::Store;

pub use people::logins;

pub const DEMO_PASSWORD: &str = "assize-demo-2026";

type DemoError = Box<dyn std::error::Error + Send + Sync>;

/// Load the demo data (unless already loaded); returns the text to print: the sign-ins.
pub async fn load(store: &Store, cases: usize) -> Result<String, DemoError> {
    if store
        .organisation_by_code(OrgKind::PoliceForce, "01")
        .await?
        .is_some()
    {
        return Ok(format!("Demo data is already loaded.\n\n{}", logins()));
    }
    let world = people::create(store).await?;
    let mut estate = estate::Estate::default();
    let today = crate::config::court_today();
    for (area, admin, listing) in [
        ("01", "london.admin", "london.listing"),
        ("43", "tv.admin", "tv.listing"),
    ] {
        let mut pair = Vec::new();
        for name in [admin, listing] {
            let a = store.actor(world.users[name]).await?.ok_or("demo user")?;
            pair.push((a.user_id, a.org_id));
        }
        let (admin, listing) = (pair[0], pair[1]);
        estate::create(store, &mut estate, area, admin, listing, today).await?;
    }
    cases::create(store, &world, cases, &mut estate).await?;
    // The demo's probation officers read the Probation Service's notices (recipient rows are
    // created by the first notice; an operator assigns an agency's to its organisation).
    let probation = store
        .actor(world.users["probation.officer"])
        .await?
        .ok_or("demo user")?;
    for r in store.recipients().await? {
        if r.kind == "probation" {
            let change = assize_store::RecipientChange {
                name: "Probation Service London".into(),
                org_id: Some(probation.org_id),
                delivery: assize_store::Delivery::Pull,
                webhook_url: None,
                webhook_secret: None,
                max_attempts: r.max_attempts,
            };
            store.update_recipient(r.id, r.version, &change).await?;
        }
    }
    Ok(format!(
        "Loaded demo data: 12 organisations, 21 users, courtrooms and a fortnight of sittings at every court, {cases} cases.\n\n{}",
        logins()
    ))
}
