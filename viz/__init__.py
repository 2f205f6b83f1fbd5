"""The interactive HTML view of the commitment graph (pyvis, plus a small script of ours)."""
