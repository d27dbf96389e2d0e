//! How a seed is shown: a secret seed protects a sketch against crafted
//! items, so reports and errors name it by a digest that tells seeds apart
//! without revealing them.

use sketchfold::hash::{hash_bytes, DEFAULT_SEED};

/// `default seed` for sketchfold's public default, `seed digest 0x…` (a
/// keyed hash of the seed) for any other.
pub fn seed_label(seed: u64) -> String {
    if seed == DEFAULT_SEED {
        "default seed".to_string()
    } else {
        format!(
            "seed digest {:#018x}",
            hash_bytes(b"sketchfold sketch seed", seed)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_tell_seeds_apart_without_showing_them() {
        assert_eq!(seed_label(DEFAULT_SEED), "default seed");
        let (a, b) = (seed_label(42), seed_label(43));
        assert_ne!(a, b);
        assert!(a.starts_with("seed digest 0x") && a.len() == 14 + 16, "{a}");
        assert!(!a.ends_with(&format!("{:016x}", 42)), "{a}");
        assert_eq!(seed_label(42), a, "the same seed, the same label");
    }
}
