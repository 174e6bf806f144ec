-- colours: the colors API under British spelling: the same functions and constants, with grey and lightGrey in
-- place of gray and lightGray. It is loaded after colors (API files load in name order).

local env = _ENV
for name, value in pairs(colors) do env[name] = value end
grey, lightGrey = colors.gray, colors.lightGray
gray, lightGray = nil, nil
