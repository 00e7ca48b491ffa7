//! The same records read from a zip, a tar.gz, a directory and single files are the same
//! advisories.

use std::io::Read;

use tplc_advisory::{Advisory, ReadSummary};

use crate::support::{read, write_tar_gz};

fn by_id(mut advisories: Vec<Advisory>) -> Vec<Advisory> {
    advisories.sort_by(|a, b| a.id.cmp(&b.id));
    advisories
}

#[test]
fn zip_tar_gz_and_directory_agree() {
    let Some(archive) = tplc_test::data("osv/Go/all.zip") else {
        return;
    };
    let (summary, from_zip) = read(&archive);
    let summary = summary.unwrap();
    assert!(from_zip.errors.is_empty());
    assert_eq!(summary.read, 4_291);

    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    let mut members: Vec<(String, Vec<u8>)> = Vec::new();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        // Spread the records over sub-directories to exercise the recursive walk.
        let name = entry.name().to_owned();
        let year = name.get(3..7).unwrap_or("other").to_owned();
        members.push((format!("{year}/{name}"), bytes));
    }
    for (name, bytes) in &members {
        let path = tree.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let tar_path = dir.path().join("go.tar.gz");
    let borrowed: Vec<(&str, &[u8])> = members
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    write_tar_gz(&tar_path, &borrowed);

    let (tar_summary, from_tar) = read(&tar_path);
    assert_eq!(
        tar_summary.unwrap(),
        ReadSummary {
            read: 4_291,
            failed: 0,
            skipped: 0
        }
    );
    let (dir_summary, from_dir) = read(&tree);
    assert_eq!(
        dir_summary.unwrap(),
        ReadSummary {
            read: 4_291,
            failed: 0,
            skipped: 0
        }
    );

    // The tar keeps archive order (the zip's); the directory is read in path order.
    let zip_ids: Vec<_> = from_zip.advisories.iter().map(|a| a.id.clone()).collect();
    let tar_ids: Vec<_> = from_tar.advisories.iter().map(|a| a.id.clone()).collect();
    assert_eq!(zip_ids, tar_ids);
    let dir_names: Vec<String> = from_dir
        .advisories
        .iter()
        .map(|a| format!("{}/{}.json", a.id.get(3..7).unwrap_or("other"), a.id))
        .collect();
    let mut sorted = dir_names.clone();
    sorted.sort();
    assert_eq!(dir_names, sorted);

    let sequential = tplc_advisory::ReadOptions {
        read_ahead: false,
        ..tplc_advisory::ReadOptions::default()
    };
    for path in [&archive, &tar_path] {
        let (summary, visited) = crate::support::read_with(path, &sequential);
        assert_eq!(summary.unwrap().read, 4_291);
        let order: Vec<_> = visited.advisories.iter().map(|a| a.id.clone()).collect();
        assert_eq!(order, zip_ids);
    }

    let zip_advisories = by_id(from_zip.advisories);
    assert_eq!(zip_advisories, by_id(from_tar.advisories));
    assert_eq!(zip_advisories, by_id(from_dir.advisories));

    // A single file reads the same as its archive entry.
    let (name, _) = &members[0];
    let (one, visited) = read(&tree.join(name));
    assert_eq!(
        one.unwrap(),
        ReadSummary {
            read: 1,
            failed: 0,
            skipped: 0
        }
    );
    let single = &visited.advisories[0];
    let same = zip_advisories.iter().find(|a| a.id == single.id).unwrap();
    assert_eq!(single, same);
}

#[test]
fn readers_in_memory_read_as_files_do() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("all.zip");
    let tar_path = dir.path().join("all.tar.gz");
    let first = crate::support::record("GHSA-1", "2024-01-01T00:00:00Z");
    let second = br#"{"id":"GHSA-2","aliases":{}}"#;
    crate::support::write_zip(
        &zip_path,
        &[
            ("GHSA-1.json", &first, crate::support::Store::Deflated),
            ("GHSA-2.json", second, crate::support::Store::Deflated),
        ],
    );
    write_tar_gz(
        &tar_path,
        &[("GHSA-1.json", &first), ("GHSA-2.json", second)],
    );
    let options = tplc_advisory::ReadOptions::default();
    for (path, is_zip) in [(&zip_path, true), (&tar_path, false)] {
        let (from_file, file_visited) = read(path);
        let bytes = std::fs::read(path).unwrap();
        let mut advisories = Vec::new();
        let mut errors = Vec::new();
        let mut visit = |result: Result<Advisory, tplc_advisory::RecordError>| match result {
            Ok(advisory) => advisories.push(advisory),
            Err(error) => errors.push(error),
        };
        let location = path.display().to_string();
        let from_memory = if is_zip {
            tplc_advisory::read_osv_zip(
                std::io::Cursor::new(bytes),
                &location,
                &options,
                &mut visit,
            )
        } else {
            tplc_advisory::read_osv_tar_gz(bytes.as_slice(), &location, &options, &mut visit)
        };
        assert_eq!(from_memory.unwrap(), from_file.unwrap());
        assert_eq!(advisories.len(), 1);
        assert_eq!(advisories, file_visited.advisories);
        assert_eq!(errors, file_visited.errors);
        assert_eq!(
            errors[0].location,
            format!("{location}:GHSA-2.json#/aliases")
        );
    }
}
