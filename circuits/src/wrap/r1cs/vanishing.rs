//! The vanishing argument at zeta (plonky2 `eval_vanishing_poly` and the quotient check of
//! `verify_with_challenges`). Not yet written.
