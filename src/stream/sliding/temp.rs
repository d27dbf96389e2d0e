#![allow(missing_docs)]
use super::SlidingAggregator;
use crate::algebra::{Group, Monoid};
use crate::Result;
use std::collections::VecDeque;
pub struct Daba<T: Monoid> {
    q: VecDeque<T>,
    p: T::Params,
    m: std::cell::Cell<u64>,
}
impl<T: Monoid + Clone> Daba<T> {
    pub fn new(p: T::Params) -> Self {
        Daba {
            q: VecDeque::new(),
            p,
            m: Default::default(),
        }
    }
}
impl<T: Monoid + Clone> SlidingAggregator<T> for Daba<T> {
    fn push(&mut self, v: T) -> Result<()> {
        self.q.push_back(v);
        Ok(())
    }
    fn evict(&mut self) -> Result<bool> {
        Ok(self.q.pop_front().is_some())
    }
    fn query(&self) -> Result<T> {
        let mut a = T::empty(&self.p);
        for v in &self.q {
            a.merge(v)?;
        }
        Ok(a)
    }
    fn len(&self) -> usize {
        self.q.len()
    }
    fn values(&self) -> Vec<&T> {
        self.q.iter().collect()
    }
    fn merges(&self) -> u64 {
        self.m.get()
    }
}
pub type Subtracting<T> = Daba<T>;
#[allow(dead_code)]
fn _g<T: Group>() {}
