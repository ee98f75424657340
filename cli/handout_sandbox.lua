-- Run at \begin{document}: from there on, the handout's Lua can read only TeX's own trees, its fonts and its own
-- folder, and can write, delete and run nothing. (LuaTeX's --safer would do this, but luaotfload refuses to run
-- under it, and fontspec needs luaotfload for Bengali.)
local readable = {"/usr/share/", "/usr/local/share/", "/var/lib/texmf/", "/etc/texmf/", "/etc/fonts/"}
for _, var in ipairs({"TEXMFVAR", "TEXMFSYSVAR", "TEXMFCACHE"}) do
  for dir in string.gmatch(kpse.var_value(var) or "", "[^:;]+") do
    table.insert(readable, dir .. "/")
  end
end

local function allowed(name)
  name = tostring(name)
  if string.find(name, "..", 1, true) then
    return false
  end
  if string.sub(name, 1, 1) ~= "/" then
    return true
  end
  for _, dir in ipairs(readable) do
    if string.sub(name, 1, string.len(dir)) == dir then
      return true
    end
  end
  return false
end

local function reading(mode)
  mode = mode or "r"
  return string.sub(mode, 1, 1) == "r" and not string.find(mode, "+", 1, true)
end

local open, lines, load_file, do_file = io.open, io.lines, loadfile, dofile
io.open = function(name, mode)
  if not (reading(mode) and allowed(name)) then
    return nil, "refused by the handout's sandbox"
  end
  return open(name, mode)
end
io.lines = function(name, ...)
  if name ~= nil and not allowed(name) then
    error("refused by the handout's sandbox")
  end
  return lines(name, ...)
end
loadfile = function(name, ...)
  if name == nil or not allowed(name) then
    return nil, "refused by the handout's sandbox"
  end
  return load_file(name, ...)
end
dofile = function(name)
  if name == nil or not allowed(name) then
    error("refused by the handout's sandbox")
  end
  return do_file(name)
end
io.input, io.output, io.popen = nil, nil, nil
os.execute, os.exec, os.spawn, os.remove, os.rename, os.tmpname, os.setenv = nil, nil, nil, nil, nil, nil, nil
if lfs then
  lfs.mkdir, lfs.rmdir, lfs.touch, lfs.link, lfs.chdir, lfs.setmode = nil, nil, nil, nil, nil, nil
end
