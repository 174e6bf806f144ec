-- exit: leaves the shell.

shell.exit()
