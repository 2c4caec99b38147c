//! FRI arithmetic of one query (plonky2 `fri_verifier_query_round`): batched initial quotient,
//! coset folding, final polynomial. Not yet written.
