"""img-crm: a private, offline relationship manager for International Medical Graduates."""

__version__ = "0.1.0"
APP_NAME = "img-crm"
APP_DISPLAY_NAME = "IMG CRM"
# Reverse-DNS id: the .desktop file, AppStream metainfo and macOS bundle all use it.
APP_ID = "io.github.img_crm.ImgCrm"
HOMEPAGE = "https://github.com/img-crm/img-crm"
