"""The Qt GUI: the only package (with ``img_crm.app``) that imports PySide6."""
