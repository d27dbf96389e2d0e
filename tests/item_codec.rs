//! Items stored inside sketches (heavy-hitter candidates, skip-list keys)
//! round-trip through their encoding, and bad bytes are errors.

use quickcheck::QuickCheck;
use sketchfold::codec::{ItemCodec, Reader, Writer};
use sketchfold::ErrorKind;

fn round_trip<T: ItemCodec + PartialEq + std::fmt::Debug>(item: &T) -> bool {
    let mut w = Writer::with_capacity(8);
    item.encode_item(&mut w);
    let bytes = w.into_bytes();
    let mut r = Reader::new(&bytes);
    let back = T::decode_item(&mut r).unwrap();
    r.finish().unwrap();
    back == *item
}

#[test]
fn every_item_type_round_trips() {
    fn prop(a: u64, b: i32, c: String, d: Vec<u8>, e: bool, f: (u8, String), g: i128) -> bool {
        round_trip(&a)
            && round_trip(&b)
            && round_trip(&c)
            && round_trip(&d)
            && round_trip(&e)
            && round_trip(&f)
            && round_trip(&g)
    }
    QuickCheck::new()
        .tests(500)
        .quickcheck(prop as fn(u64, i32, String, Vec<u8>, bool, (u8, String), i128) -> bool);
}

#[test]
fn a_length_longer_than_the_input_is_too_short_not_an_allocation() {
    let mut w = Writer::with_capacity(8);
    w.u64(u64::MAX);
    let bytes = w.into_bytes();
    let err = String::decode_item(&mut Reader::new(&bytes)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TooShort { .. }), "{err}");
    let err = Vec::<u8>::decode_item(&mut Reader::new(&bytes)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TooShort { .. }), "{err}");
}

#[test]
fn invalid_utf8_and_invalid_bools_are_corrupt() {
    let mut w = Writer::with_capacity(16);
    w.u64(2);
    w.bytes(&[0xff, 0xfe]);
    let bytes = w.into_bytes();
    let err = String::decode_item(&mut Reader::new(&bytes)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("UTF-8"), "{err}");

    let err = bool::decode_item(&mut Reader::new(&[2])).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Corrupt { .. }), "{err}");
}

#[test]
fn truncated_integers_are_too_short() {
    for n in 0..8 {
        let bytes = vec![0u8; n];
        let err = u64::decode_item(&mut Reader::new(&bytes)).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::TooShort { .. }), "{err}");
    }
}
