-- bg: runs a program in a new multishell tab, in the background (a shell when no program is given).

if not shell.openTab then
  printError('Requires multishell')
  return
end
shell.openTab(...)
