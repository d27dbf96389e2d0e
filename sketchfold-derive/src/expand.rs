//! The code each derive writes.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{Model, Shape};

/// `impl<..> bound for Name<..> where <generics' bounds>, Field: bound, ..`.
fn impl_header(m: &Model, bound: &TokenStream) -> TokenStream {
    let name = &m.name;
    let (impl_generics, ty_generics, _) = m.generics.split_for_impl();
    let where_clause = m.where_clause(bound);
    quote!(impl #impl_generics #bound for #name #ty_generics #where_clause)
}

/// How each field is reached: `self.a` or `self.0`.
fn members(m: &Model) -> Vec<&syn::Member> {
    m.fields.iter().map(|f| &f.member).collect()
}

/// `impl Semigroup`: every field's `check_merge` before any field is
/// merged, then the fields merged in order; `merge_all` checks every value
/// the same way, then hands each field its own batch merge.
pub(crate) fn semigroup(m: &Model) -> TokenStream {
    let bound = quote!(::sketchfold::algebra::Semigroup);
    let head = impl_header(m, &bound);
    let members = members(m);
    quote! {
        #head {
            fn merge(&mut self, other: &Self) -> ::sketchfold::Result<()> {
                #bound::check_merge(self, other)?;
                #(#bound::merge(&mut self.#members, &other.#members)?;)*
                ::core::result::Result::Ok(())
            }

            fn check_merge(&self, other: &Self) -> ::sketchfold::Result<()> {
                #(#bound::check_merge(&self.#members, &other.#members)?;)*
                ::core::result::Result::Ok(())
            }

            fn merge_all<'__sketchfold_a, __SketchfoldI>(
                &mut self,
                others: __SketchfoldI,
            ) -> ::sketchfold::Result<()>
            where
                Self: '__sketchfold_a,
                __SketchfoldI: ::core::iter::IntoIterator<Item = &'__sketchfold_a Self>,
                __SketchfoldI::IntoIter: ::core::clone::Clone,
            {
                let others = ::core::iter::IntoIterator::into_iter(others);
                for other in ::core::clone::Clone::clone(&others) {
                    #bound::check_merge(self, other)?;
                }
                #(#bound::merge_all(
                    &mut self.#members,
                    ::core::iter::Iterator::map(::core::clone::Clone::clone(&others), |o| &o.#members),
                )?;)*
                ::core::result::Result::Ok(())
            }
        }
    }
}

/// The parameters struct (one field per field, of that field's
/// `Monoid::Params`, with `Clone` and `Debug`) and `impl Monoid` over it.
pub(crate) fn monoid(m: &Model) -> TokenStream {
    let algebra = quote!(::sketchfold::algebra);
    let bound = quote!(#algebra::Monoid);
    let name = &m.name;
    let params = &m.params_name;
    let vis = &m.vis;
    let (impl_generics, ty_generics, _) = m.generics.split_for_impl();
    let where_clause = m.where_clause(&bound);
    let head = impl_header(m, &bound);
    let members = members(m);
    let doc = format!(
        "The parameters of [`{name}`], one per field: what its identity \
         (`Monoid::empty`) is built from. Derived by `#[derive(Monoid)]`."
    );
    let field_defs = m.fields.iter().map(|f| {
        let (ty, fvis) = (&f.ty, &f.vis);
        let fdoc = match &f.member {
            syn::Member::Named(i) => format!("The parameters of `{i}`."),
            syn::Member::Unnamed(i) => format!("The parameters of field {}.", i.index),
        };
        match &f.member {
            syn::Member::Named(i) => {
                quote!(#[doc = #fdoc] #fvis #i: <#ty as #bound>::Params)
            }
            syn::Member::Unnamed(_) => quote!(#[doc = #fdoc] #fvis <#ty as #bound>::Params),
        }
    });
    let definition = match m.shape {
        Shape::Named => quote! {
            #[doc = #doc]
            #vis struct #params #impl_generics #where_clause { #(#field_defs,)* }
        },
        Shape::Tuple => quote! {
            #[doc = #doc]
            #vis struct #params #impl_generics (#(#field_defs,)*) #where_clause;
        },
        Shape::Unit => quote! {
            #[doc = #doc]
            #vis struct #params;
        },
    };
    let params_ty = if m.shape == Shape::Unit {
        quote!(#params)
    } else {
        quote!(#params #ty_generics)
    };
    let clone_fields = m.construct(params, |f| {
        let member = &f.member;
        quote!(::core::clone::Clone::clone(&self.#member))
    });
    let debug_fields = m.fields.iter().map(|f| {
        let member = &f.member;
        let label = match member {
            syn::Member::Named(i) => i.to_string(),
            syn::Member::Unnamed(i) => i.index.to_string(),
        };
        quote!(.field(#label, &self.#member))
    });
    let params_label = params.to_string();
    let empty = m.construct(name, |f| {
        let member = &f.member;
        quote!(#bound::empty(&params.#member))
    });
    let params_of = m.construct(params, |f| {
        let member = &f.member;
        quote!(#bound::params(&self.#member))
    });
    let unit_generics = if m.shape == Shape::Unit {
        quote!()
    } else {
        quote!(#impl_generics)
    };
    let unit_where = if m.shape == Shape::Unit {
        quote!()
    } else {
        quote!(#where_clause)
    };
    quote! {
        #definition

        impl #unit_generics ::core::clone::Clone for #params_ty #unit_where {
            fn clone(&self) -> Self {
                #clone_fields
            }
        }

        impl #unit_generics ::core::fmt::Debug for #params_ty #unit_where {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#params_label) #(#debug_fields)* .finish()
            }
        }

        #head {
            type Params = #params_ty;

            fn empty(params: &Self::Params) -> Self {
                let _ = params;
                #empty
            }

            fn params(&self) -> Self::Params {
                #params_of
            }

            fn is_empty(&self) -> bool {
                true #(&& #bound::is_empty(&self.#members))*
            }
        }
    }
}

/// `impl Group`: negate every field; subtract after every field's
/// `check_merge`, as tuples do.
pub(crate) fn group(m: &Model) -> TokenStream {
    let algebra = quote!(::sketchfold::algebra);
    let bound = quote!(#algebra::Group);
    let head = impl_header(m, &bound);
    let members = members(m);
    quote! {
        #head {
            fn negate(&mut self) {
                #(#bound::negate(&mut self.#members);)*
            }

            fn subtract(&mut self, other: &Self) -> ::sketchfold::Result<()> {
                #algebra::Semigroup::check_merge(self, other)?;
                #(#bound::subtract(&mut self.#members, &other.#members)?;)*
                ::core::result::Result::Ok(())
            }
        }
    }
}

/// A marker (`Commutative`, `Idempotent`): implemented when every field
/// implements it, which the where clause makes the compiler check.
pub(crate) fn marker(m: &Model, marker: &str) -> TokenStream {
    let marker = format_ident!("{marker}");
    let head = impl_header(m, &quote!(::sketchfold::algebra::#marker));
    quote!(#head {})
}
