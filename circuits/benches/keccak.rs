//! Rows and proving time of the Keccak-256 and Merkle gadgets.
//!
//! `RAYON_NUM_THREADS=2 cargo bench -p zkclear-circuits --bench keccak`
//! Prints one line per measurement; results go to BENCHMARKS.md by hand.

use std::time::Instant;

use anyhow::Result;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::field::types::Field;
use plonky2::hash::hash_types::HashOut;
use plonky2::iop::target::BoolTarget;
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::CircuitConfig;
use plonky2::plonk::config::PoseidonGoldilocksConfig;
use zkclear_circuits::gadgets::keccak::CircuitBuilderKeccak;
use zkclear_circuits::gadgets::merkle::CircuitBuilderMerkle;

const D: usize = 2;
type C = PoseidonGoldilocksConfig;
type F = GoldilocksField;

fn builder() -> CircuitBuilder<F, D> {
    CircuitBuilder::new(CircuitConfig::standard_recursion_config())
}

/// Gate rows used by a variable-length Keccak over `blocks` blocks.
fn keccak_rows(blocks: usize) -> Result<usize> {
    let mut b = builder();
    let input = b.add_virtual_keccak_input(blocks)?;
    b.keccak256_var(&input)?;
    Ok(b.num_gates())
}

fn merkle_rows(depth: usize, update: bool) -> Result<usize> {
    let mut b = builder();
    let (leaf, new_leaf, root) = (
        b.add_virtual_hash(),
        b.add_virtual_hash(),
        b.add_virtual_hash(),
    );
    let bits: Vec<BoolTarget> = (0..depth)
        .map(|_| b.add_virtual_bool_target_safe())
        .collect();
    let sibs = b.add_virtual_hashes(depth);
    let before = b.num_gates();
    if update {
        b.update_merkle_path(leaf, new_leaf, &bits, &sibs, root)?;
    } else {
        let computed = b.verify_merkle_path(leaf, &bits, &sibs)?;
        b.connect_hashes(computed, root);
    }
    Ok(b.num_gates() - before)
}

fn main() -> Result<()> {
    let threads = std::env::var("RAYON_NUM_THREADS").unwrap_or_else(|_| "all".into());
    println!("threads: {threads}");
    for blocks in [1usize, 2, 8] {
        println!(
            "keccak256_var {blocks} block(s): {} rows",
            keccak_rows(blocks)?
        );
    }
    let per_block = keccak_rows(8)? - keccak_rows(7)?;
    println!("keccak256_var marginal rows per block: {per_block}");
    println!(
        "merkle depth-32 membership: {} rows",
        merkle_rows(32, false)?
    );
    println!("merkle depth-32 update: {} rows", merkle_rows(32, true)?);

    // Keccak over 4 KiB: 31 blocks hold up to 4,215 bytes.
    let mut b = builder();
    let input = b.add_virtual_keccak_input(31)?;
    let digest = b.keccak256_var(&input)?;
    let limbs = b.keccak_digest_u32_be(&digest);
    b.register_public_inputs(&limbs);
    let rows = b.num_gates();
    let t = Instant::now();
    let data = b.build::<C>();
    let build = t.elapsed();
    let msg: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let mut pw = PartialWitness::new();
    input.set_witness(&mut pw, &msg)?;
    let t = Instant::now();
    let proof = data.prove(pw)?;
    let prove = t.elapsed();
    let t = Instant::now();
    data.verify(proof.clone())?;
    let verify = t.elapsed();
    println!(
        "keccak256 4096 bytes (31 blocks): {rows} rows (degree 2^{}), build {:.2?}, prove {:.2?}, verify {:.2?}",
        data.common.degree_bits(),
        build,
        prove,
        verify
    );

    // A depth-32 Merkle update proved on its own, for scale.
    let mut b = builder();
    let (leaf, new_leaf, root) = (
        b.add_virtual_hash(),
        b.add_virtual_hash(),
        b.add_virtual_hash(),
    );
    let bits: Vec<BoolTarget> = (0..32).map(|_| b.add_virtual_bool_target_safe()).collect();
    let sibs = b.add_virtual_hashes(32);
    let new_root = b.update_merkle_path(leaf, new_leaf, &bits, &sibs, root)?;
    b.register_public_inputs(&new_root.elements);
    let data = b.build::<C>();
    let mut pw = PartialWitness::new();
    pw.set_hash_target(leaf, HashOut::ZERO)?;
    pw.set_hash_target(new_leaf, HashOut::from_partial(&[F::ONE]))?;
    let mut node = HashOut::<F>::ZERO;
    for (&bit, &sib) in bits.iter().zip(&sibs) {
        pw.set_bool_target(bit, false)?;
        pw.set_hash_target(sib, HashOut::ZERO)?;
        node = <plonky2::hash::poseidon::PoseidonHash as plonky2::plonk::config::Hasher<F>>::two_to_one(node, HashOut::ZERO);
    }
    pw.set_hash_target(root, node)?;
    let t = Instant::now();
    let proof = data.prove(pw)?;
    println!(
        "merkle depth-32 update alone: degree 2^{}, prove {:.2?}",
        data.common.degree_bits(),
        t.elapsed()
    );
    data.verify(proof)?;
    Ok(())
}
