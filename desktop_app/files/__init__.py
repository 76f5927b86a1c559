"""Everything about the files behind an editor window: opening, recent files, unsaved-changes
prompts and the working copies that make autosave and crash recovery work."""
