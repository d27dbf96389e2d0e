//! `<family>_agg(value [, params...])`: the sketch of a column's values,
//! as the sketch's encoding (`BINARY`).

use std::mem::size_of_val;

use datafusion::arrow::array::ArrayRef;
use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::ScalarValue;
use datafusion::error::Result;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::AggregateOrderSensitivity;
use datafusion::logical_expr::{
    Accumulator, AggregateUDFImpl, GroupsAccumulator, Signature, Volatility,
};
use sketchfold::codec::Codec;

use super::groups::BuildGroups;
use super::partial::{decode_all, merge_into, state_fields, Pending};
use crate::error::{internal, plan};
use crate::family::{Family, Rows};
use crate::params::Values;

/// The aggregate that builds a `F` sketch from values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct BuildAgg<F: Family> {
    name: String,
    signature: Signature,
    family: F,
}

impl<F: Family> BuildAgg<F> {
    /// `<prefix>_agg`.
    pub fn new() -> BuildAgg<F> {
        BuildAgg {
            name: format!("{}_agg", F::PREFIX),
            signature: Signature::user_defined(Volatility::Immutable),
            family: F::default(),
        }
    }

    /// The parameters of a call.
    ///
    /// # Errors
    ///
    /// A planning error for `DISTINCT` or a bad parameter.
    fn params(&self, args: &AccumulatorArgs) -> Result<F::Params> {
        if args.is_distinct {
            return Err(plan(
                &self.name,
                "DISTINCT is not supported: a sketch already summarises the values it sees",
            ));
        }
        F::params(&Values::read(&self.name, F::PARAMS, &args.exprs[1..])?)
    }

    fn usage(&self) -> String {
        let params: String = F::PARAMS
            .iter()
            .map(|p| format!(" [, {}", p.name))
            .collect();
        let close = "]".repeat(F::PARAMS.len());
        format!("{}(value{params}{close})", self.name)
    }
}

impl<F: Family> AggregateUDFImpl for BuildAgg<F> {
    fn name(&self) -> &str {
        &self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        if arg_types.is_empty() || arg_types.len() > 1 + F::PARAMS.len() {
            return Err(plan(
                &self.name,
                format!("takes {}, got {} arguments", self.usage(), arg_types.len()),
            ));
        }
        let value = F::value_type(&arg_types[0]).ok_or_else(|| {
            plan(
                &self.name,
                format!(
                    "cannot sketch values of type {}: expected {}",
                    arg_types[0],
                    F::VALUE_TYPES
                ),
            )
        })?;
        let mut types = vec![value];
        for (t, param) in arg_types[1..].iter().zip(F::PARAMS) {
            types.push(param.coerce(&self.name, t)?);
        }
        Ok(types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Binary)
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(state_fields(args.name))
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        let params = self.params(&args)?;
        Ok(Box::new(BuildAccumulator::<F> {
            name: self.name.clone(),
            sketch: F::empty(&params),
            pending: Pending::default(),
        }))
    }

    fn groups_accumulator_supported(&self, args: AccumulatorArgs) -> bool {
        !args.is_distinct
    }

    fn create_groups_accumulator(
        &self,
        args: AccumulatorArgs,
    ) -> Result<Box<dyn GroupsAccumulator>> {
        let params = self.params(&args)?;
        Ok(Box::new(BuildGroups::<F>::new(self.name.clone(), params)))
    }

    fn order_sensitivity(&self) -> AggregateOrderSensitivity {
        AggregateOrderSensitivity::Insensitive
    }
}

/// One group's sketch.
#[derive(Debug)]
struct BuildAccumulator<F: Family> {
    name: String,
    sketch: F::Sketch,
    pending: Pending,
}

impl<F: Family> BuildAccumulator<F> {
    /// The sketch, with every kept partial merged in.
    fn encoded(&mut self) -> Result<ScalarValue> {
        let partials = self.pending.take_sorted::<F::Sketch>(&self.name)?;
        merge_into(&self.name, &mut self.sketch, &partials)?;
        Ok(ScalarValue::Binary(Some(self.sketch.encode())))
    }
}

impl<F: Family> Accumulator for BuildAccumulator<F> {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        F::update(
            &self.name,
            std::slice::from_mut(&mut self.sketch),
            &Rows::One,
            values[0].as_ref(),
        )
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        if F::MERGE_ORDER_MATTERS {
            return self.pending.keep(&self.name, states[0].as_ref());
        }
        let partials = decode_all::<F::Sketch>(&self.name, "partial state", states[0].as_ref())?;
        merge_into(&self.name, &mut self.sketch, &partials)
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
            + F::heap_size(&self.sketch)
            + self.pending.heap_size()
    }

    fn retract_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        match F::inverse() {
            Some(inverse) => {
                (inverse.remove_values)(&self.name, &mut self.sketch, values[0].as_ref())
            }
            None => Err(internal(
                &self.name,
                "retract_batch on a sketch that is not a group",
            )),
        }
    }

    fn supports_retract_batch(&self) -> bool {
        F::inverse().is_some()
    }
}
