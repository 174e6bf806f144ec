-- alias: lists the shell's aliases, sets one (alias NAME PROGRAM) or clears one (alias NAME).

local args = { ... }
if #args > 2 then
  print('Usage: alias <alias> <program>')
elseif #args == 2 then
  shell.setAlias(args[1], args[2])
elseif #args == 1 then
  shell.clearAlias(args[1])
else
  local lines = {}
  for name, program in pairs(shell.aliases()) do lines[#lines + 1] = name .. ':' .. program end
  table.sort(lines)
  textutils.pagedTabulate(lines)
end
