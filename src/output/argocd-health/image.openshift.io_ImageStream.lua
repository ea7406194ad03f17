-- From ocp-image-catalog: edit src/output/argocd-health/image.openshift.io_ImageStream.lua, then run `npm run synth`.
-- Argo CD health of an image.openshift.io ImageStream: did every spec tag import?
-- Runs with Argo CD's default libraries only (base and table; no string library).
-- A failed import leaves status.tags[].conditions[] {type = "ImportSuccess", status = "False"}
-- (openshift-apiserver pkg/image/apiserver/registry/imagestreamimport/rest.go); an imported tag
-- has status.tags[].items (openshift/api image/v1/types.go NamedTagEventList).
local hs = {}
local imported = {}
local failed = {}
if obj.status ~= nil and obj.status.tags ~= nil then
  for _, tag in ipairs(obj.status.tags) do
    if tag.items ~= nil and #tag.items > 0 then
      imported[tag.tag] = true
    end
    if tag.conditions ~= nil then
      for _, condition in ipairs(tag.conditions) do
        if condition.type == "ImportSuccess" and condition.status == "False" then
          local message = condition.message
          if message == nil or message == "" then
            message = condition.reason or "import failed"
          end
          table.insert(failed, "tag " .. tostring(tag.tag) .. ": " .. message)
        end
      end
    end
  end
end
if #failed > 0 then
  hs.status = "Degraded"
  hs.message = table.concat(failed, "; ")
  return hs
end
local waiting = {}
if obj.spec ~= nil and obj.spec.tags ~= nil then
  for _, tag in ipairs(obj.spec.tags) do
    if not imported[tag.name] then
      table.insert(waiting, tag.name)
    end
  end
end
if #waiting > 0 then
  hs.status = "Progressing"
  hs.message = "waiting for tags to import: " .. table.concat(waiting, ", ")
  return hs
end
hs.status = "Healthy"
hs.message = "every tag is imported"
return hs
