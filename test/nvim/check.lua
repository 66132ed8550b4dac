-- Drives the OKR language server from Neovim's built-in LSP client (0.7+), headless.
-- Env: OKR_SERVER (path of dist/server.js), OKR_ROOT (workspace folder), OKR_OUT (result file),
--      OKR_HOVER ("line:character", 0-based).
-- Writes one line per diagnostic: "diag<TAB>line<TAB>code<TAB>source", then "hover<TAB>text" and "definition<TAB>uri<TAB>line".
local out = {}
local function finish(status)
  table.insert(out, 'status\t' .. status)
  vim.fn.writefile(out, os.getenv('OKR_OUT'))
  vim.cmd('qa!')
end

local id = vim.lsp.start_client({
  name = 'okr',
  cmd = { 'node', os.getenv('OKR_SERVER'), '--stdio' },
  root_dir = os.getenv('OKR_ROOT'),
})
if not id then return finish('no-client') end
vim.lsp.buf_attach_client(0, id)

-- Wait on conditions, never on fixed sleeps.
local ok = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
if not ok then return finish('no-diagnostics') end
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out, string.format('diag\t%d\t%s\t%s', d.lnum, tostring(d.code), tostring(d.source)))
end

local line, character = string.match(os.getenv('OKR_HOVER') or '0:0', '(%d+):(%d+)')
local params = { textDocument = vim.lsp.util.make_text_document_params(), position = { line = tonumber(line), character = tonumber(character) } }
local hover = vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 10000) or {}
for _, response in pairs(hover) do
  local result = response.result
  if result and result.contents then
    local text = type(result.contents) == 'table' and (result.contents.value or '') or tostring(result.contents)
    table.insert(out, 'hover\t' .. text:gsub('\n', ' '))
  end
end

local refLine, refChar = string.match(os.getenv('OKR_DEFINITION') or '0:0', '(%d+):(%d+)')
params.position = { line = tonumber(refLine), character = tonumber(refChar) }
local definition = vim.lsp.buf_request_sync(0, 'textDocument/definition', params, 10000) or {}
for _, response in pairs(definition) do
  local r = response.result
  if r and r.uri then table.insert(out, string.format('definition\t%s\t%d', r.uri, r.range.start.line)) end
end

vim.lsp.stop_client(id)
finish('ok')
