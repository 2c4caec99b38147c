use super::*;

/// Puts, overwrites and deletes in batches, reading back after each.
fn batch_semantics(store: &dyn Store) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
    let mut seen = Vec::new();
    let mut batch = WriteBatch::new();
    batch.put(b"a".to_vec(), b"1".to_vec());
    batch.put(b"b".to_vec(), b"2".to_vec());
    batch.put(b"a".to_vec(), b"3".to_vec());
    batch.delete(b"missing".to_vec());
    store.write_batch(batch)?;
    seen.push(store.get(b"a")?);
    seen.push(store.get(b"b")?);
    let mut batch = WriteBatch::new();
    batch.delete(b"a".to_vec());
    batch.put(b"c".to_vec(), Vec::new());
    store.write_batch(batch)?;
    seen.push(store.get(b"a")?);
    seen.push(store.get(b"c")?);
    store.write_batch(WriteBatch::new())?;
    seen.push(store.get(b"b")?);
    Ok(seen)
}

#[test]
fn batch_last_write_wins_and_deletes_apply() -> Result<(), StoreError> {
    let seen = batch_semantics(&MemoryStore::new())?;
    assert_eq!(
        seen,
        vec![
            Some(b"3".to_vec()),
            Some(b"2".to_vec()),
            None,
            Some(Vec::new()),
            Some(b"2".to_vec())
        ]
    );
    Ok(())
}

#[test]
fn memory_and_sled_batches_behave_the_same() -> Result<(), StoreError> {
    let sled = SledStore::open_temporary()?;
    assert_eq!(
        batch_semantics(&sled)?,
        batch_semantics(&MemoryStore::new())?
    );
    Ok(())
}

#[test]
fn sled_store_keeps_batches_across_reopen() -> Result<(), StoreError> {
    let dir = tempfile::tempdir().map_err(|e| StoreError::Corrupt {
        key: e.to_string(),
        reason: "tempdir",
    })?;
    {
        let store = SledStore::open(dir.path())?;
        let mut batch = WriteBatch::with_capacity(2);
        batch.put(b"k".to_vec(), b"v".to_vec());
        batch.put(b"gone".to_vec(), b"x".to_vec());
        batch.delete(b"gone".to_vec());
        assert_eq!(batch.len(), 3);
        store.write_batch(batch)?;
    }
    let store = SledStore::open(dir.path())?;
    assert_eq!(store.get(b"k")?, Some(b"v".to_vec()));
    assert_eq!(store.get(b"gone")?, None);
    Ok(())
}

#[test]
fn memory_store_counts_keys() -> Result<(), StoreError> {
    let store = MemoryStore::new();
    assert!(store.is_empty()?);
    let mut batch = WriteBatch::new();
    batch.put(b"x".to_vec(), b"y".to_vec());
    store.write_batch(batch)?;
    assert_eq!(store.len()?, 1);
    Ok(())
}
