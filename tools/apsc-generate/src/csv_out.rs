//! One CSV file of the seed directory being written, counting its rows.

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::Path;

use anyhow::Context;

pub struct Out {
    file: &'static str,
    writer: csv::Writer<BufWriter<File>>,
    rows: u64,
}

impl Out {
    /// Create `dir/file` and write its header.
    pub fn create(dir: &Path, file: &'static str, header: &[&str]) -> anyhow::Result<Out> {
        let path = dir.join(file);
        let handle = File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(BufWriter::with_capacity(1 << 16, handle));
        writer
            .write_record(header)
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(Out {
            file,
            writer,
            rows: 0,
        })
    }

    pub fn row<I, T>(&mut self, record: I) -> anyhow::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.writer
            .write_record(record)
            .with_context(|| format!("writing {}", self.file))?;
        self.rows += 1;
        Ok(())
    }

    /// Flush the file; returns its name and its data rows.
    pub fn finish(self) -> anyhow::Result<(&'static str, u64)> {
        let file = self.file;
        let mut inner = self
            .writer
            .into_inner()
            .map_err(|err| anyhow::anyhow!("writing {file}: {}", err.error()))?;
        inner.flush().with_context(|| format!("writing {file}"))?;
        Ok((file, self.rows))
    }
}
