-- hello: the first program: greets the world a letter at a time.

term.setTextColour(colours.yellow)
textutils.slowPrint('Hello World!')
term.setTextColour(colours.white)
