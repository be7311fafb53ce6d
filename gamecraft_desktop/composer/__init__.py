"""The composer's models (Qt, no widgets): the path document with undo, the recorder, image loading and
fetching, the request the composer builds, and the free path preview."""
