//! Integration tests of tplc-mds2: the form's ids and order, XLSX round trips, layout, and
//! workbooks that are not MDS2 forms.

mod bad_workbooks;
mod form_ids;
mod layout;
mod round_trip;
mod support;
