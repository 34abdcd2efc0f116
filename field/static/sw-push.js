// Web push handlers (owned by the push branch); this placeholder lets the worker install.
