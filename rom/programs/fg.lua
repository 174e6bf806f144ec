-- fg: runs a program in a new multishell tab and shows it (a shell when no program is given).

if not shell.openTab then
  printError('Requires multishell')
  return
end
local id = shell.openTab(...)
shell.switchTab(id)
