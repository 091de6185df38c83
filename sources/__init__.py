"""Everything that enters or leaves silkterm: file formats, documents and bundled term packs."""
