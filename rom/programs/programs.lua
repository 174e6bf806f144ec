-- programs: the programs on the shell's path, in columns.

local show_hidden = ({ ... })[1] == 'all'
textutils.pagedTabulate(shell.programs(show_hidden))
