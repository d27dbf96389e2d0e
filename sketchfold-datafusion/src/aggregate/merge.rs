//! `<family>_merge(sketch)`: the merge of a column of stored sketches (the
//! "store partials, merge at query time" pattern), as the sketch's
//! encoding; `NULL` when the group holds no sketch.

use std::mem::size_of_val;

use datafusion::arrow::array::ArrayRef;
use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::ScalarValue;
use datafusion::error::Result;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::AggregateOrderSensitivity;
use datafusion::logical_expr::{Accumulator, AggregateUDFImpl, Signature, Volatility};
use sketchfold::codec::Codec;

use super::partial::{decode_all, merge_into, state_fields, Pending};
use crate::error::{exec, internal, plan};
use crate::family::Family;
use crate::input::{sketch_type, SKETCH_TYPES};

/// The aggregate that merges stored `F` sketches.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct MergeAgg<F: Family> {
    name: String,
    signature: Signature,
    family: F,
}

impl<F: Family> MergeAgg<F> {
    /// `<prefix>_merge`.
    pub fn new() -> MergeAgg<F> {
        MergeAgg {
            name: format!("{}_merge", F::PREFIX),
            signature: Signature::user_defined(Volatility::Immutable),
            family: F::default(),
        }
    }
}

impl<F: Family> AggregateUDFImpl for MergeAgg<F> {
    fn name(&self) -> &str {
        &self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [t] => Ok(vec![sketch_type(t).ok_or_else(|| {
                plan(&self.name, format!("expects {SKETCH_TYPES}, got {t}"))
            })?]),
            _ => Err(plan(
                &self.name,
                format!(
                    "takes {}(sketch), got {} arguments",
                    self.name,
                    arg_types.len()
                ),
            )),
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Binary)
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(state_fields(args.name))
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        if args.is_distinct {
            return Err(plan(&self.name, "DISTINCT is not supported"));
        }
        Ok(Box::new(MergeAccumulator::<F> {
            name: self.name.clone(),
            sketch: None,
            pending: Pending::default(),
        }))
    }

    fn order_sensitivity(&self) -> AggregateOrderSensitivity {
        AggregateOrderSensitivity::Insensitive
    }
}

/// One group's merged sketch; `None` until the first sketch arrives
/// (its parameters are those of the stored sketches).
#[derive(Debug)]
struct MergeAccumulator<F: Family> {
    name: String,
    sketch: Option<F::Sketch>,
    pending: Pending,
}

impl<F: Family> MergeAccumulator<F> {
    fn absorb_column(&mut self, what: &str, column: &ArrayRef) -> Result<()> {
        let sketches = decode_all::<F::Sketch>(&self.name, what, column.as_ref())?;
        self.absorb(sketches)
    }

    fn absorb(&mut self, mut sketches: Vec<F::Sketch>) -> Result<()> {
        if self.sketch.is_none() && !sketches.is_empty() {
            self.sketch = Some(sketches.remove(0));
        }
        match &mut self.sketch {
            Some(sketch) => merge_into(&self.name, sketch, &sketches),
            None => Ok(()),
        }
    }

    /// The merged sketch, with every kept partial merged in.
    fn encoded(&mut self) -> Result<ScalarValue> {
        let partials = self.pending.take_sorted::<F::Sketch>(&self.name)?;
        self.absorb(partials)?;
        Ok(ScalarValue::Binary(self.sketch.as_ref().map(Codec::encode)))
    }
}

impl<F: Family> Accumulator for MergeAccumulator<F> {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        self.absorb_column("sketch", &values[0])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        if F::MERGE_ORDER_MATTERS {
            return self.pending.keep(&self.name, states[0].as_ref());
        }
        self.absorb_column("partial state", &states[0])
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![self.encoded()?])
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        self.encoded()
    }

    fn size(&self) -> usize {
        size_of_val(self)
            + self.name.capacity()
            + self.sketch.as_ref().map_or(0, F::heap_size)
            + self.pending.heap_size()
    }

    fn retract_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let Some(inverse) = F::inverse() else {
            return Err(internal(
                &self.name,
                "retract_batch on a sketch that is not a group",
            ));
        };
        let leaving = decode_all::<F::Sketch>(&self.name, "sketch", values[0].as_ref())?;
        for (i, sketch) in leaving.iter().enumerate() {
            let state = self
                .sketch
                .get_or_insert_with(|| (inverse.empty_like)(sketch));
            (inverse.subtract)(state, sketch).map_err(|e| {
                exec(
                    &self.name,
                    format!("subtracting sketch {i} of the batch"),
                    e,
                )
            })?;
        }
        Ok(())
    }

    fn supports_retract_batch(&self) -> bool {
        F::inverse().is_some()
    }
}
