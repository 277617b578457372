-- Headless Neovim as a real LSP client of `seg lsp --stdio` (Neovim 0.7 API).
-- Environment: SEG_NODE, SEG_BIN, SEG_ROOT, SEG_FILE. Writes lines "DIAG ..." and "COMPLETION ..." to stdout.
local node, bin, root, file = os.getenv('SEG_NODE'), os.getenv('SEG_BIN'), os.getenv('SEG_ROOT'), os.getenv('SEG_FILE')
local function out(s) io.stdout:write(s .. '\n') end
local function fail(s) out('FAIL ' .. s); vim.cmd('cquit 1') end

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
-- Completion at the end of line 2 (0-based 1): "segment B = interaction Email"
local line = vim.api.nvim_buf_get_lines(buf, 1, 2, false)[1]
local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 1, character = #line } }
local results = vim.lsp.buf_request_sync(buf, 'textDocument/completion', params, 20000)
if not results then fail('no completion answer') end
for _, r in pairs(results) do
  local items = r.result and (r.result.items or r.result) or {}
  for _, item in ipairs(items) do out('COMPLETION ' .. item.label) end
end
vim.lsp.stop_client(id)
vim.cmd('qall!')
