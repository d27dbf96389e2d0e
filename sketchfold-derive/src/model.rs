//! What the derives read from a struct: its name, generics, fields and the
//! name of the parameters struct.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{
    Data, DeriveInput, Fields, Generics, Ident, Index, Member, Type, Visibility, WhereClause,
    WherePredicate,
};

/// How the struct's fields are written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `struct S { a: A }`
    Named,
    /// `struct S(A);`
    Tuple,
    /// `struct S;`
    Unit,
}

/// One field: how to reach it, its type and its visibility.
pub(crate) struct Field {
    pub(crate) member: Member,
    pub(crate) ty: Type,
    pub(crate) vis: Visibility,
}

/// A struct the derives apply to.
pub(crate) struct Model {
    pub(crate) name: Ident,
    pub(crate) vis: Visibility,
    pub(crate) generics: Generics,
    pub(crate) shape: Shape,
    pub(crate) fields: Vec<Field>,
    /// `{Name}Params`, or the name given by `#[sketchfold(params = Name)]`.
    pub(crate) params_name: Ident,
}

impl Model {
    /// Reads a struct; an enum or a union is an error naming the derive.
    pub(crate) fn parse(input: DeriveInput, derive: &str) -> syn::Result<Model> {
        let data = match input.data {
            Data::Struct(data) => data,
            Data::Enum(e) => {
                return Err(syn::Error::new(
                    e.enum_token.span,
                    format!("#[derive({derive})] needs a struct: an enum has no member-wise merge"),
                ))
            }
            Data::Union(u) => {
                return Err(syn::Error::new(
                    u.union_token.span,
                    format!("#[derive({derive})] needs a struct, not a union"),
                ))
            }
        };
        let shape = match data.fields {
            Fields::Named(_) => Shape::Named,
            Fields::Unnamed(_) => Shape::Tuple,
            Fields::Unit => Shape::Unit,
        };
        let fields = data
            .fields
            .into_iter()
            .enumerate()
            .map(|(i, f)| Field {
                member: match f.ident {
                    Some(ident) => Member::Named(ident),
                    None => Member::Unnamed(Index {
                        index: i as u32,
                        span: f.ty.span(),
                    }),
                },
                ty: f.ty,
                vis: f.vis,
            })
            .collect();
        let mut params_name = Ident::new(&format!("{}Params", input.ident), Span::call_site());
        for attr in &input.attrs {
            if attr.path().is_ident("sketchfold") {
                attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("params") {
                        params_name = meta.value()?.parse()?;
                        Ok(())
                    } else {
                        Err(meta.error("expected `params = Name`"))
                    }
                })?;
            }
        }
        Ok(Model {
            name: input.ident,
            vis: input.vis,
            generics: input.generics,
            shape,
            fields,
            params_name,
        })
    }

    /// The struct's where clause plus `FieldType: bound` for every field,
    /// each spanned on its field so that a field of the wrong type is the
    /// one the compiler points at.
    pub(crate) fn where_clause(&self, bound: &TokenStream) -> WhereClause {
        let mut clause = self
            .generics
            .where_clause
            .clone()
            .unwrap_or_else(|| WhereClause {
                where_token: Default::default(),
                predicates: Default::default(),
            });
        for f in &self.fields {
            let ty = &f.ty;
            let predicate: WherePredicate = syn::parse2(quote_spanned!(ty.span()=> #ty: #bound))
                .expect("a type bound is a where predicate");
            clause.predicates.push(predicate);
        }
        clause
    }

    /// `Self { a: f(a), b: f(b) }`, `Self(f(0), f(1))` or `Self`, with
    /// `make(field)` as each field's value, for the type named `name`.
    pub(crate) fn construct(
        &self,
        name: &Ident,
        make: impl Fn(&Field) -> TokenStream,
    ) -> TokenStream {
        let values = self.fields.iter().map(&make);
        match self.shape {
            Shape::Named => {
                let members = self.fields.iter().map(|f| &f.member);
                quote!(#name { #(#members: #values,)* })
            }
            Shape::Tuple => quote!(#name(#(#values,)*)),
            Shape::Unit => quote!(#name),
        }
    }
}
