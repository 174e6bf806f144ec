-- hello: the first program.

term.setTextColour(colours.yellow)
print('Hello World!')
term.setTextColour(colours.white)
