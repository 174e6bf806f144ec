-- an uncaught error with a __tostring table value
error(setmetatable({}, { __tostring = function() return 'my error object' end }))
