//! ECgFp5 curve arithmetic and Schnorr verification in-circuit (in progress).
