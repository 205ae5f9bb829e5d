//! `sqlx::migrate!` embeds the migration folders at compile time but cannot
//! tell cargo to watch them: without this, a new migration file is not in the
//! binary until something else in the crate changes.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=field_migrations");
}
