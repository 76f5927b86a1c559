"""The Qt desktop editor on top of the Qt-free core in ``models``.

Importing this package does not import Qt; ``desktop_app.launcher`` decides whether the
editor is needed at all (``integramap check …`` runs without it).
"""
