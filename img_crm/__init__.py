"""img-crm: a private, offline relationship manager for International Medical Graduates."""

__version__ = "0.1.0"
APP_NAME = "img-crm"
APP_DISPLAY_NAME = "IMG CRM"
