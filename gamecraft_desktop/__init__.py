"""gamecraft-desktop: compose camera paths and turn one image into a video with Hunyuan-GameCraft."""

__version__ = "0.1.0"

#: One reverse-DNS id for the desktop file, icon, keyring service and data folder.
APP_ID = "io.github.gamecraft_desktop.GamecraftDesktop"
APP_NAME = "GameCraft Desktop"
