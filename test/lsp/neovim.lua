-- Headless Neovim as a real LSP client of `seg lsp --stdio` (Neovim 0.7 API).
-- Environment: SEG_NODE, SEG_BIN, SEG_ROOT, SEG_FILE (diagnostics, completion), SEG_FILE2 (hover,
-- definition, formatting). Writes lines "DIAG ...", "COMPLETION ...", "HOVER ...", "DEFINITION ..."
-- and "FORMATTED ..." to stdout; "FAIL ..." when a step gets no answer.
local node, bin, root = os.getenv('SEG_NODE'), os.getenv('SEG_BIN'), os.getenv('SEG_ROOT')
local file, file2 = os.getenv('SEG_FILE'), os.getenv('SEG_FILE2')
local function out(s) io.stdout:write(s .. '\n') end
local function fail(s) out('FAIL ' .. s); vim.cmd('cquit 1') end
local function oneline(s) return (s:gsub('\n', '\\n')) end

local diagnostics = nil
local handlers = {
  ['textDocument/publishDiagnostics'] = function(_, result)
    if result and result.uri and result.uri:sub(-#file) == file and #result.diagnostics > 0 then diagnostics = result.diagnostics end
  end,
}
local id = vim.lsp.start_client({ cmd = { node, bin, 'lsp', '--stdio' }, root_dir = root, handlers = handlers })
if not id then fail('could not start the server') end
vim.cmd('edit ' .. root .. '/' .. file)
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, id)
if not vim.wait(20000, function() local c = vim.lsp.get_client_by_id(id); return c and c.initialized end, 50) then fail('not initialized') end
if not vim.wait(20000, function() return diagnostics ~= nil end, 50) then fail('no diagnostics') end
for _, d in ipairs(diagnostics) do
  out(string.format('DIAG %s %d:%d-%d:%d %s', tostring(d.code), d.range.start.line, d.range.start.character, d.range['end'].line, d.range['end'].character, d.message))
end

--- The one server's answer to a request on `b`, or fail.
local function request(b, method, params, what)
  local results = vim.lsp.buf_request_sync(b, method, params, 20000)
  if not results then fail('no ' .. what .. ' answer') end
  for _, r in pairs(results) do if r.result ~= nil then return r.result end end
  fail('empty ' .. what .. ' answer')
end

-- Completion at the end of line 2 (0-based 1): "segment B = interaction Email"
local line = vim.api.nvim_buf_get_lines(buf, 1, 2, false)[1]
local completion = request(buf, 'textDocument/completion', { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 1, character = #line } }, 'completion')
for _, item in ipairs(completion.items or completion) do out('COMPLETION ' .. item.label) end

-- The second file: hover and definition on the first `Openers` of line 3 (0-based 2), then formatting.
vim.cmd('edit ' .. root .. '/' .. file2)
local buf2 = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf2, id)
local at = { textDocument = { uri = vim.uri_from_bufnr(buf2) }, position = { line = 2, character = 17 } }
local hover = request(buf2, 'textDocument/hover', at, 'hover')
local contents = hover.contents
if type(contents) == 'table' and contents.value then contents = contents.value
elseif type(contents) == 'table' then contents = table.concat(vim.tbl_map(function(c) return type(c) == 'table' and c.value or c end, contents), '\n') end
out('HOVER ' .. oneline(contents))
local definition = request(buf2, 'textDocument/definition', at, 'definition')
if definition.uri or definition.targetUri then definition = { definition } end
for _, loc in ipairs(definition) do
  local uri, range = loc.uri or loc.targetUri, loc.range or loc.targetSelectionRange
  out(string.format('DEFINITION %s %d:%d', uri:match('[^/]*$'), range.start.line, range.start.character))
end
local edits = request(buf2, 'textDocument/formatting', { textDocument = { uri = vim.uri_from_bufnr(buf2) }, options = { tabSize = 4, insertSpaces = true } }, 'formatting')
vim.lsp.util.apply_text_edits(edits, buf2, 'utf-16')
out('FORMATTED ' .. oneline(table.concat(vim.api.nvim_buf_get_lines(buf2, 0, -1, false), '\n')))

vim.lsp.stop_client(id)
vim.cmd('qall!')
