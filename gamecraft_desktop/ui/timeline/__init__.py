"""The timeline widget, split by responsibility: geometry (layout maths), painter, interaction (keyboard,
mouse, wheel, drag), text (words), style (colours), inline editor, the view that ties them, and the panel
around it."""
