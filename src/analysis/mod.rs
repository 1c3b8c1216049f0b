//! Error categories on one MQM tree ([`taxonomy`]): human MQM annotations scored the way the
//! published WMT/Google tables are ([`mqm`]), tallied per (category, severity) ([`tally`]).

pub mod mqm;
pub mod tally;
pub mod taxonomy;
