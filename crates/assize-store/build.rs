//! Rebuilds this crate when a migration is added or changed: `sqlx::migrate!` embeds the
//! migrations at compile time, and cargo does not otherwise know the macro read that folder (an
//! incremental build would ship the old set; a fresh clone never noticed).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
