-- clear (clr): clears the terminal and puts the cursor at its top left corner.

term.clear()
term.setCursorPos(1, 1)
