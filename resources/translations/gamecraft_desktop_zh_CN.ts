<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About GameCraft Desktop</source>
        <translation>关于 GameCraft Desktop</translation>
    </message>
    <message>
        <source>GameCraft Desktop {version}</source>
        <translation>GameCraft Desktop {version}</translation>
    </message>
    <message>
        <source>App name and version</source>
        <translation>应用名称和版本</translation>
    </message>
    <message>
        <source>Compose camera paths and turn one image into a video with the Hunyuan-GameCraft model on fal.ai. Sandbox mode renders a simulated camera move locally; it is not the model.</source>
        <translation>在 fal.ai 上用 Hunyuan-GameCraft 模型编排镜头路径，把一张图片变成视频。Sandbox 模式在本机渲染模拟的镜头移动，它不是模型本身。</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Component versions and licences</source>
        <translation>组件版本和许可证</translation>
    </message>
    <message>
        <source>Copy versions</source>
        <translation>复制版本信息</translation>
    </message>
    <message>
        <source>Copy the version list for a bug report</source>
        <translation>复制版本列表，用于报告问题</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>BatchQuestion</name>
    <message numerus="yes">
        <source>Start %n paid job(s)?</source>
        <extracomment>The question&apos;s words (core/texts.py: the name is the translation context).</extracomment>
        <translation>
            <numerusform>要开始 %n 个付费任务吗？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Generate ×{n} starts %n job(s) on fal ({seeds}). Each one is billed.</source>
        <translation>
            <numerusform>生成 ×{n} 会在 fal 上开始 %n 个任务（{seeds}）。每个任务都单独计费。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Start %n job(s)</source>
        <translation>
            <numerusform>开始 %n 个任务</numerusform>
        </translation>
    </message>
    <message>
        <source>Don&apos;t ask again for batches</source>
        <translation>批量生成时不再询问</translation>
    </message>
</context>
<context>
    <name>BeforePaying</name>
    <message>
        <source>seed —</source>
        <extracomment>&quot;Before paying&quot; in words (core/texts.py: the name is the translation context). Shown in copied code until the image has been uploaded.</extracomment>
        <translation>种子 —</translation>
    </message>
    <message>
        <source>seed random (0)</source>
        <translation>种子随机 (0)</translation>
    </message>
    <message>
        <source>seed {seed}</source>
        <translation>种子 {seed}</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) · seeds —</source>
        <translation>
            <numerusform>%n 次运行 · 种子 —</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) · seeds {first}–{last}</source>
        <translation>
            <numerusform>%n 次运行 · 种子 {first}–{last}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n move(s) · {frames} frames · {seconds} s</source>
        <translation>
            <numerusform>%n 个移动 · {frames} 帧 · {seconds} 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>{path} · output {width}×{height} @ {fps} fps · {seeds}</source>
        <translation>{path} · 输出 {width}×{height} @ {fps} fps · {seeds}</translation>
    </message>
    <message>
        <source>The image is still loading.</source>
        <translation>图片仍在加载。</translation>
    </message>
    <message>
        <source>An image is required: drop, paste or open one.</source>
        <translation>需要一张图片：拖入、粘贴或打开一张。</translation>
    </message>
    <message>
        <source>Runs ×{runs} from seed {seed} would go past the largest seed ({max}): choose a smaller seed or fewer runs.</source>
        <translation>从种子 {seed} 开始运行 ×{runs} 次会超过最大种子 ({max})：请选择更小的种子或更少的运行次数。</translation>
    </message>
    <message>
        <source>A prompt is required: describe the scene.</source>
        <translation>需要提示词：请描述场景。</translation>
    </message>
    <message>
        <source>The seed must be a whole number.</source>
        <translation>种子必须是整数。</translation>
    </message>
    <message>
        <source>Endpoint: {problem}</source>
        <translation>端点：{problem}</translation>
    </message>
    <message>
        <source>The start timeout must be more than 1 second (or off).</source>
        <translation>启动超时必须大于 1 秒（或关闭）。</translation>
    </message>
</context>
<context>
    <name>CodeFormats</name>
    <message>
        <source>Python (httpx)</source>
        <extracomment>(key, menu title) of each &quot;Copy request as&quot; format (language names: a translation may add words).</extracomment>
        <translation>Python (httpx)</translation>
    </message>
    <message>
        <source>Python (fal-client)</source>
        <translation>Python (fal-client)</translation>
    </message>
    <message>
        <source>JavaScript (@fal-ai/client)</source>
        <translation>JavaScript (@fal-ai/client)</translation>
    </message>
    <message>
        <source>cURL</source>
        <translation>cURL</translation>
    </message>
</context>
<context>
    <name>CompareCanvas</name>
    <message>
        <source>Compared videos</source>
        <extracomment>Between the grid&apos;s pictures: their coloured frames stay apart (they touched at 4 px).</extracomment>
        <translation>对比的视频</translation>
    </message>
    <message>
        <source>Actions for video {letter}</source>
        <translation>视频 {letter} 的操作</translation>
    </message>
    <message>
        <source>Use these inputs, vary the seed, continue from the last frame, save the video (or right-click the picture)</source>
        <translation>使用这些输入、换种子、从最后一帧继续、保存视频（或右键点击画面）</translation>
    </message>
    <message>
        <source>Unstar video {letter}</source>
        <translation>取消星标视频 {letter}</translation>
    </message>
    <message>
        <source>Star video {letter}</source>
        <translation>星标视频 {letter}</translation>
    </message>
    <message>
        <source>Starred: kept by “Delete unstarred”. Click to unstar.</source>
        <translation>已加星标：“删除未加星标”会保留它。点击取消星标。</translation>
    </message>
    <message>
        <source>Star this video to keep it (Delete unstarred spares it)</source>
        <translation>给这个视频加星标以保留它（“删除未加星标”不会删除它）</translation>
    </message>
    <message>
        <source>Wipe: video {left} left of the divider, video {right} right of it; the divider is at {pct} %. Drag it, or press [ and ].</source>
        <translation>划像：分隔线左边是视频 {left}，右边是视频 {right}；分隔线位于 {pct} %。拖动它，或按 [ 和 ]。</translation>
    </message>
    <message>
        <source>Video {letter} alone</source>
        <translation>只看视频 {letter}</translation>
    </message>
    <message>
        <source>{n} videos side by side</source>
        <translation>{n} 个视频并排</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
</context>
<context>
    <name>CompareController</name>
    <message>
        <source>Comparing {n} videos ({letters}). Esc or Done goes back.</source>
        <translation>正在对比 {n} 个视频（{letters}）。按 Esc 或“完成”返回。</translation>
    </message>
</context>
<context>
    <name>ComparePathMap</name>
    <message>
        <source>Path map of the compared videos</source>
        <extracomment>A path&apos;s line width, and how much wider it is drawn per identical path drawn over it. Per path, how many paths drawn after it are the same path (each widens it by one band).</extracomment>
        <translation>对比视频的路径图</translation>
    </message>
    <message>
        <source>Top-down view of each compared video&apos;s camera path, in its tile&apos;s colour; each dot is that video&apos;s camera at the frame it shows.</source>
        <translation>每个对比视频镜头路径的俯视图，颜色与其画格相同；每个点是该视频在当前显示帧时的镜头位置。</translation>
    </message>
    <message>
        <source>{letter} ends {x} right and {y} forward</source>
        <translation>{letter} 终点：向右 {x}，向前 {y}</translation>
    </message>
    <message>
        <source>Camera paths of {n} compared videos: {ends}.</source>
        <translation>{n} 个对比视频的镜头路径：{ends}。</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Compare videos</source>
        <extracomment>The layout buttons: the checked one must stand out in every style (Fusion&apos;s checked tool button is faint). (key, text) of a tile&apos;s menu, in order; the keys are the job list&apos;s action keys.</extracomment>
        <translation>对比视频</translation>
    </message>
    <message>
        <source>Comparing {n} videos</source>
        <translation>正在对比 {n} 个视频</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>All videos side by side (G)</source>
        <translation>所有视频并排 (G)</translation>
    </message>
    <message>
        <source>Wipe</source>
        <translation>划像</translation>
    </message>
    <message>
        <source>Two videos on one picture with a divider to drag (W)</source>
        <translation>两个视频合在一个画面上，中间有可拖动的分隔线 (W)</translation>
    </message>
    <message>
        <source>Video {letter} alone ({key})</source>
        <translation>只看视频 {letter} ({key})</translation>
    </message>
    <message>
        <source>left</source>
        <translation>左边</translation>
    </message>
    <message>
        <source>right</source>
        <translation>右边</translation>
    </message>
    <message>
        <source>Video on the {side} of the wipe</source>
        <translation>划像{side}的视频</translation>
    </message>
    <message>
        <source>The video shown {side} of the wipe&apos;s divider</source>
        <translation>显示在划像分隔线{side}的视频</translation>
    </message>
    <message>
        <source>SANDBOX</source>
        <translation>SANDBOX</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Made by the local sandbox: simulated camera moves, not the model</source>
        <translation>由本地 Sandbox 生成：模拟的镜头移动，不是模型</translation>
    </message>
    <message>
        <source>G grid · W wipe · 1–4 one video alone (or double-click it) · Esc back · Space or a click play/pause · , . or ← → step a frame · L loop · [ ] move the wipe divider · Ctrl+D star the video under the pointer</source>
        <translation>G 网格 · W 划像 · 1–4 单独看一个视频（或双击它）· Esc 返回 · 空格或点击 播放/暂停 · , . 或 ← → 逐帧 · L 循环 · [ ] 移动划像分隔线 · Ctrl+D 给指针下的视频加星标</translation>
    </message>
    <message>
        <source>Leave compare</source>
        <translation>离开对比</translation>
    </message>
    <message>
        <source>Back to the single player (Esc)</source>
        <translation>返回单个播放器 (Esc)</translation>
    </message>
    <message>
        <source>Use these inputs</source>
        <translation>使用这些输入</translation>
    </message>
    <message>
        <source>Vary seed</source>
        <translation>换种子</translation>
    </message>
    <message>
        <source>Continue from last frame</source>
        <translation>从最后一帧继续</translation>
    </message>
    <message>
        <source>Save video…</source>
        <translation>保存视频…</translation>
    </message>
    <message>
        <source>Load this run&apos;s image, prompt, path and parameters into the composer</source>
        <translation>把这次运行的图片、提示词、路径和参数载入编排区</translation>
    </message>
    <message>
        <source>Run these inputs again with a new random seed</source>
        <translation>用新的随机种子再次运行这些输入</translation>
    </message>
    <message>
        <source>Use this video&apos;s last frame as the next image</source>
        <translation>把这个视频的最后一帧用作下一张图片</translation>
    </message>
    <message>
        <source>Save the MP4 and its JSON sidecar</source>
        <translation>保存 MP4 及其 JSON 附属文件</translation>
    </message>
    <message>
        <source>Unstar</source>
        <translation>取消星标</translation>
    </message>
    <message>
        <source>Star</source>
        <translation>星标</translation>
    </message>
    <message>
        <source>Ctrl+D stars the video under the pointer, or the one shown alone (1–4). Point at a video first.</source>
        <translation>Ctrl+D 给指针下的视频加星标，或给单独显示的视频（1–4）加星标。请先把指针指向一个视频。</translation>
    </message>
</context>
<context>
    <name>ComposerPanel</name>
    <message>
        <source>Image, prompt and parameters</source>
        <translation>图片、提示词和参数</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
</context>
<context>
    <name>ConnectionSection</name>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Where Generate sends jobs. Leave a field empty for fal&apos;s own servers. A fal-compatible server of your own (the sandbox started with &lt;tt&gt;python -m gamecraft_desktop.sandbox&lt;/tt&gt;, a test server, a company gateway) goes in Queue URL. The command line uses the same settings.</source>
        <translation>生成的任务发送到哪里。留空即使用 fal 自己的服务器。你自己的 fal 兼容服务器（用 &lt;tt&gt;python -m gamecraft_desktop.sandbox&lt;/tt&gt; 启动的 Sandbox、测试服务器、公司网关）填在“队列 URL”中。命令行使用相同的设置。</translation>
    </message>
    <message>
        <source>&amp;Queue URL</source>
        <translation>队列 URL(&amp;Q)</translation>
    </message>
    <message>
        <source>{url} (fal)</source>
        <translation>{url} (fal)</translation>
    </message>
    <message>
        <source>Submit, status, result and cancel go here.</source>
        <translation>提交、状态、结果和取消请求发往这里。</translation>
    </message>
    <message>
        <source>&amp;REST URL</source>
        <translation>REST URL(&amp;R)</translation>
    </message>
    <message>
        <source>{url} (fal), or the queue&apos;s own host on this computer</source>
        <translation>{url} (fal)，或本机上队列自己的主机</translation>
    </message>
    <message>
        <source>Image uploads start here.</source>
        <translation>图片上传从这里开始。</translation>
    </message>
    <message>
        <source>&amp;Proxy URL</source>
        <translation>代理 URL(&amp;P)</translation>
    </message>
    <message>
        <source>none: requests go straight to the server with your key</source>
        <translation>无：请求带着你的密钥直接发往服务器</translation>
    </message>
    <message>
        <source>Keyless mode: every request goes to this proxy, which adds the fal key; this computer needs no key (fal&apos;s server-proxy pattern).</source>
        <translation>无密钥模式：每个请求都发往这个代理，由它添加 fal 密钥；本机不需要密钥（fal 的服务器代理模式）。</translation>
    </message>
    <message>
        <source>&amp;Webhook URL</source>
        <translation>Webhook URL(&amp;W)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>fal calls this URL when each job started from this window ends (the command line takes --webhook).</source>
        <translation>从这个窗口开始的每个任务结束时，fal 会调用这个 URL（命令行使用 --webhook）。</translation>
    </message>
    <message>
        <source>Restore &amp;Defaults</source>
        <translation>恢复默认值(&amp;D)</translation>
    </message>
    <message>
        <source>Empty every field you can edit: fal&apos;s own servers, no proxy, no webhook</source>
        <translation>清空所有可编辑的字段：使用 fal 自己的服务器，不用代理，不用 Webhook</translation>
    </message>
    <message>
        <source>Set by the environment variable {var}, which wins over this setting; unset it to choose here.</source>
        <translation>由环境变量 {var} 设置，它优先于此设置；取消设置它才能在这里选择。</translation>
    </message>
    <message>
        <source>This URL {problem}.</source>
        <translation>这个 URL {problem}。</translation>
    </message>
    <message>
        <source>Fix the URL marked in red to apply.</source>
        <translation>修正标红的 URL 后才能应用。</translation>
    </message>
    <message>
        <source>{where}. The mode badge calls it “{label}”.</source>
        <translation>{where}。模式标记称它为“{label}”。</translation>
    </message>
</context>
<context>
    <name>ConnectionText</name>
    <message>
        <source>Generate runs the real model on fal.ai and is billed to your account</source>
        <translation>生成会在 fal.ai 上运行真正的模型，并计入你的账户费用</translation>
    </message>
    <message>
        <source>{where}. Preferences ▸ Connection changes it.</source>
        <translation>{where}。可在 偏好设置 ▸ 连接 中更改。</translation>
    </message>
    <message>
        <source>environment variable {name}</source>
        <extracomment>Where jobs go, in words (core/texts.py: the name is the translation context). The settings the environment may set (the webhook is per app install, not per shell).</extracomment>
        <translation>环境变量 {name}</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <source>Jobs go through the proxy {proxy} (it adds the key) to {queue}</source>
        <translation>任务经由代理 {proxy}（由它添加密钥）发往 {queue}</translation>
    </message>
    <message>
        <source>Jobs go to {queue}</source>
        <translation>任务发往 {queue}</translation>
    </message>
    <message>
        <source>{where} (set by {sources})</source>
        <translation>{where}（由 {sources} 设置）</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>GameCraft Desktop hit an unexpected error. Your jobs and their results are safe on disk; you can keep working. Please report it with the details below.</source>
        <translation>GameCraft Desktop 遇到了意外错误。你的任务和结果都安全地保存在磁盘上，可以继续工作。请附上下面的详细信息报告此问题。</translation>
    </message>
    <message>
        <source>Error summary</source>
        <translation>错误摘要</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>错误详情</translation>
    </message>
    <message>
        <source>Log file: {path}</source>
        <translation>日志文件：{path}</translation>
    </message>
    <message>
        <source>Log file location</source>
        <translation>日志文件位置</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详情</translation>
    </message>
    <message>
        <source>Copy the error details to the clipboard for a bug report</source>
        <translation>把错误详情复制到剪贴板，用于报告问题</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
</context>
<context>
    <name>Differences</name>
    <message>
        <source>Seed</source>
        <extracomment>Rows shown before the table scrolls (it stays compact under the pictures).</extracomment>
        <translation>种子</translation>
    </message>
    <message>
        <source>Moves</source>
        <translation>移动</translation>
    </message>
    <message>
        <source>Speeds</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <source>CFG</source>
        <translation>CFG</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
</context>
<context>
    <name>DifferencesTable</name>
    <message>
        <source>Show &amp;all inputs</source>
        <translation>显示全部输入(&amp;A)</translation>
    </message>
    <message>
        <source>Show all inputs</source>
        <translation>显示全部输入</translation>
    </message>
    <message>
        <source>Also list the inputs every compared run shares (dimmed)</source>
        <translation>也列出所有对比运行共有的输入（变暗显示）</translation>
    </message>
    <message>
        <source>What differs between the compared runs</source>
        <translation>对比的运行之间有哪些不同</translation>
    </message>
    <message>
        <source>Inputs that differ between the compared runs are highlighted</source>
        <translation>对比的运行之间不同的输入会高亮显示</translation>
    </message>
    <message>
        <source>No input differs: these runs asked for exactly the same video, so only chance tells them apart.</source>
        <translation>没有输入不同：这些运行请求的是完全相同的视频，只有随机性使它们不同。</translation>
    </message>
    <message>
        <source>What differs ({n})</source>
        <translation>不同之处 ({n})</translation>
    </message>
    <message>
        <source>What differs</source>
        <translation>不同之处</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>differs</source>
        <translation>不同</translation>
    </message>
    <message>
        <source>as most others</source>
        <translation>与多数相同</translation>
    </message>
    <message>
        <source>same for all</source>
        <translation>全部相同</translation>
    </message>
</context>
<context>
    <name>Downloads</name>
    <message>
        <source>The download kept failing ({exc}); {received} of {total} received. Try again later.</source>
        <extracomment>Download problems in words (core/texts.py: the name is the translation context).</extracomment>
        <translation>下载一再失败（{exc}）；已收到 {received}，共 {total}。请稍后再试。</translation>
    </message>
    <message>
        <source>unknown size</source>
        <translation>大小未知</translation>
    </message>
    <message>
        <source>the server sent {received} of {total} bytes</source>
        <translation>服务器发送了 {received} 字节，共 {total} 字节</translation>
    </message>
    <message>
        <source>The video address redirected more than {n} times: giving up.</source>
        <translation>视频地址重定向超过 {n} 次：放弃。</translation>
    </message>
    <message>
        <source>the server resumed at the wrong place</source>
        <translation>服务器从错误的位置续传</translation>
    </message>
    <message>
        <source>The server&apos;s file ends after {received} of {total} bytes: the download cannot be completed.</source>
        <translation>服务器上的文件在 {received} 字节处结束，应为 {total} 字节：无法完成下载。</translation>
    </message>
    <message>
        <source>The video is no longer on the server (HTTP {code}); it may have expired.</source>
        <translation>视频已不在服务器上（HTTP {code}）；它可能已过期。</translation>
    </message>
    <message>
        <source>The server refused to send the video (HTTP {code}); the link may have expired.</source>
        <translation>服务器拒绝发送视频（HTTP {code}）；链接可能已过期。</translation>
    </message>
    <message>
        <source>The server answered HTTP {code} instead of the video.</source>
        <translation>服务器返回了 HTTP {code}，而不是视频。</translation>
    </message>
    <message>
        <source>The server&apos;s file is {size} but fal said {expected}: the download would not be the right file.</source>
        <translation>服务器上的文件大小为 {size}，但 fal 说是 {expected}：下载的不会是正确的文件。</translation>
    </message>
    <message>
        <source>Not enough free space in {folder} for the video: {needed} needed, {free} free. Free some space and download it again.</source>
        <translation>{folder} 中没有足够的可用空间保存视频：需要 {needed}，可用 {free}。请释放一些空间后重新下载。</translation>
    </message>
    <message>
        <source>The server sent more than the {size} expected: not the right file.</source>
        <translation>服务器发送的数据超过预期的 {size}：不是正确的文件。</translation>
    </message>
    <message>
        <source>The server sent an empty file instead of the video.</source>
        <translation>服务器发送了一个空文件，而不是视频。</translation>
    </message>
    <message>
        <source>The download is incomplete: {received} of {expected} bytes.</source>
        <translation>下载不完整：已收到 {received} 字节，应为 {expected} 字节。</translation>
    </message>
    <message>
        <source>The download was cancelled.</source>
        <translation>下载已取消。</translation>
    </message>
    <message>
        <source>The server sent a web page instead of the video (an error page?).</source>
        <translation>服务器发送了一个网页而不是视频（错误页面？）。</translation>
    </message>
    <message>
        <source>The server sent a JSON message instead of the video.</source>
        <translation>服务器发送了一条 JSON 消息而不是视频。</translation>
    </message>
    <message>
        <source>The downloaded file is not an MP4 video.</source>
        <translation>下载的文件不是 MP4 视频。</translation>
    </message>
    <message>
        <source>Not a usable video address: {url}.</source>
        <translation>不是可用的视频地址：{url}。</translation>
    </message>
    <message>
        <source>Refusing to download over plain http from this machine unless the local sandbox is in use.</source>
        <translation>除非正在使用本地 Sandbox，否则本机拒绝通过明文 http 下载。</translation>
    </message>
    <message>
        <source>Refusing to download the video over {scheme}: only https addresses are fetched.</source>
        <translation>拒绝通过 {scheme} 下载视频：只获取 https 地址。</translation>
    </message>
    <message>
        <source>an unknown scheme</source>
        <translation>未知的协议</translation>
    </message>
    <message>
        <source>The disk is full: the video could not be saved in {parent}. Free some space and download it again (the job&apos;s result is still on fal).</source>
        <translation>磁盘已满：视频无法保存到 {parent}。请释放一些空间后重新下载（任务的结果仍在 fal 上）。</translation>
    </message>
    <message>
        <source>No permission to write the video to {parent}.</source>
        <translation>没有权限把视频写入 {parent}。</translation>
    </message>
    <message>
        <source>Could not save the video to {dest}: {error}.</source>
        <translation>无法把视频保存到 {dest}：{error}。</translation>
    </message>
    <message>
        <source>the connection timed out</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <source>could not connect</source>
        <translation>无法连接</translation>
    </message>
    <message>
        <source>the connection broke</source>
        <translation>连接中断</translation>
    </message>
    <message>
        <source>{n} MB</source>
        <translation>{n} MB</translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n 字节</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EndpointText</name>
    <message>
        <source>the endpoint id must be text such as &apos;owner/alias&apos;</source>
        <extracomment>What is wrong with an endpoint id, in words (core/texts.py: the name is the translation context).</extracomment>
        <translation>端点 ID 必须是文本，例如“owner/alias”</translation>
    </message>
    <message>
        <source>the endpoint id is empty; expected &apos;owner/alias&apos;, e.g. &apos;anthonywu/gamecraft&apos;</source>
        <translation>端点 ID 为空；应为“owner/alias”，例如“anthonywu/gamecraft”</translation>
    </message>
    <message>
        <source>{id} is not an endpoint id; expected &apos;owner/alias&apos;, e.g. &apos;anthonywu/gamecraft&apos;</source>
        <translation>{id} 不是端点 ID；应为“owner/alias”，例如“anthonywu/gamecraft”</translation>
    </message>
    <message>
        <source>{id} is missing the alias; expected &apos;{expected}&apos;</source>
        <translation>{id} 缺少别名；应为“{expected}”</translation>
    </message>
    <message>
        <source>{id} has an empty owner or alias; expected &apos;owner/alias&apos;</source>
        <translation>{id} 的所有者或别名为空；应为“owner/alias”</translation>
    </message>
    <message>
        <source>{id} is not a valid endpoint id (spaces, &apos;?&apos;, &apos;#&apos;, &apos;%&apos;, &apos;\&apos; or &apos;..&apos;)</source>
        <translation>{id} 不是有效的端点 ID（含有空格、“?”、“#”、“%”、“\”或“..”）</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <source>This job&apos;s video</source>
        <extracomment>Replaceable in tests: suggested path -&gt; chosen path or None (Save Frame as PNG…).</extracomment>
        <translation>这个任务的视频</translation>
    </message>
    <message>
        <source>Joined video ({n} parts)</source>
        <translation>拼接的视频（{n} 段）</translation>
    </message>
    <message>
        <source>Only a finished job&apos;s video can be exported.</source>
        <translation>只能导出已完成任务的视频。</translation>
    </message>
    <message>
        <source>Saved frame {n} to {path} and its sidecar {side}.</source>
        <translation>已把第 {n} 帧保存到 {path}，附属文件为 {side}。</translation>
    </message>
    <message>
        <source>Copied frame {n} to the clipboard.</source>
        <translation>已把第 {n} 帧复制到剪贴板。</translation>
    </message>
    <message>
        <source>The frame could not be saved: {why}</source>
        <translation>无法保存该帧：{why}</translation>
    </message>
    <message>
        <source>Save frame as PNG</source>
        <translation>把帧保存为 PNG</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <extracomment>A contact sheet&apos;s frames are small: a sheet of 12 at this width is about 1.6k × 0.9k pixels. Where exports went last (the home folder the first time, or when that folder is gone).</extracomment>
        <translation>导出</translation>
    </message>
    <message>
        <source>Video to export</source>
        <extracomment>Replaceable in tests: suggested path -&gt; chosen path or None. Replaceable in tests: (title, text) -&gt; replace?</extracomment>
        <translation>要导出的视频</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>First frame</source>
        <translation>第一帧</translation>
    </message>
    <message>
        <source>Last frame (included)</source>
        <translation>最后一帧（包含）</translation>
    </message>
    <message>
        <source>Whole video</source>
        <translation>整个视频</translation>
    </message>
    <message>
        <source>Export every frame (the player&apos;s I and O keys set a range)</source>
        <translation>导出所有帧（播放器的 I 和 O 键可设定范围）</translation>
    </message>
    <message>
        <source>Frame</source>
        <translation>帧</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Width in pixels</source>
        <translation>宽度（像素）</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source> fps</source>
        <translation> fps</translation>
    </message>
    <message>
        <source>Fewer frames per second make a smaller file; frames are dropped evenly</source>
        <translation>每秒帧数越少文件越小；帧会被均匀丢弃</translation>
    </message>
    <message>
        <source>Frames on the sheet</source>
        <translation>缩略图表中的帧数</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Reading the video…</source>
        <translation>正在读取视频…</translation>
    </message>
    <message>
        <source>Estimated size</source>
        <translation>估计大小</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>导出进度</translation>
    </message>
    <message>
        <source>&amp;Video:</source>
        <translation>视频(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>F&amp;rames:</source>
        <translation>帧(&amp;R)：</translation>
    </message>
    <message>
        <source>Fra&amp;me:</source>
        <translation>帧(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>尺寸(&amp;S)：</translation>
    </message>
    <message>
        <source>Frame ra&amp;te:</source>
        <translation>帧率(&amp;T)：</translation>
    </message>
    <message>
        <source>Frames on the s&amp;heet:</source>
        <translation>缩略图表中的帧数(&amp;H)：</translation>
    </message>
    <message>
        <source>Save &amp;as:</source>
        <translation>另存为(&amp;A)：</translation>
    </message>
    <message>
        <source>The in–out range set in the player (I and O).</source>
        <translation>在播放器中设定的入点–出点范围（I 和 O）。</translation>
    </message>
    <message>
        <source>Set a range in the player with I and O at the playhead.</source>
        <translation>在播放器中用 I 和 O 在播放头处设定范围。</translation>
    </message>
    <message>
        <source>Original ({w} × {h})</source>
        <translation>原始尺寸（{w} × {h}）</translation>
    </message>
    <message>
        <source>50 % ({w} × {h})</source>
        <translation>50 %（{w} × {h}）</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>This video cannot be exported.</source>
        <translation>这个视频无法导出。</translation>
    </message>
    <message>
        <source>The size of each frame on the sheet</source>
        <translation>缩略图表中每一帧的尺寸</translation>
    </message>
    <message>
        <source>The size of the exported frames (the height keeps the proportions)</source>
        <translation>导出帧的尺寸（高度保持比例）</translation>
    </message>
    <message>
        <source>Estimating the size…</source>
        <translation>正在估计大小…</translation>
    </message>
    <message>
        <source>Cannot export these options</source>
        <translation>无法按这些选项导出</translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s)</source>
        <translation>
            <numerusform>%n 帧</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s) of {size} each</source>
        <translation>
            <numerusform>%n 帧，每帧 {size}</numerusform>
        </translation>
    </message>
    <message>
        <source>≈ {size}</source>
        <translation>≈ {size}</translation>
    </message>
    <message>
        <source>{fps} fps</source>
        <translation>{fps} fps</translation>
    </message>
    <message>
        <source>Estimated size: {text}</source>
        <translation>估计大小：{text}</translation>
    </message>
    <message>
        <source>Replace {name}?</source>
        <translation>替换 {name}？</translation>
    </message>
    <message>
        <source>{path} already exists. Replace it (and its sidecar)?</source>
        <translation>{path} 已存在。要替换它（及其附属文件）吗？</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Exported {size} to {name} in {s} s, with its sidecar {side}. &lt;a href=&quot;{link}&quot;&gt;Show in folder&lt;/a&gt;</source>
        <translation>已在 {s} 秒内把 {size} 导出到 {name}，附属文件为 {side}。&lt;a href=&quot;{link}&quot;&gt;在文件夹中显示&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：没有写入任何内容。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Stop the export: nothing is written</source>
        <translation>停止导出：不会写入任何内容</translation>
    </message>
    <message>
        <source>Folder for the frames</source>
        <translation>存放帧的文件夹</translation>
    </message>
    <message>
        <source>Export as</source>
        <translation>导出为</translation>
    </message>
</context>
<context>
    <name>ExportFormats</name>
    <message>
        <source>MP4 video (H.264)</source>
        <extracomment>Widths a person can ask for (the height follows the video&apos;s aspect ratio). GIF delays are counted in hundredths of a second and browsers slow down anything faster than 50 fps. Export&apos;s words (core/texts.py: the name is the translation context).</extracomment>
        <translation>MP4 视频 (H.264)</translation>
    </message>
    <message>
        <source>Animated GIF</source>
        <translation>GIF 动图</translation>
    </message>
    <message>
        <source>Animated WebP</source>
        <translation>WebP 动图</translation>
    </message>
    <message>
        <source>PNG frame sequence (folder)</source>
        <translation>PNG 帧序列（文件夹）</translation>
    </message>
    <message>
        <source>Current frame as PNG</source>
        <translation>当前帧 (PNG)</translation>
    </message>
    <message>
        <source>Contact sheet (PNG)</source>
        <translation>缩略图表 (PNG)</translation>
    </message>
    <message>
        <source>The size {text} is not &apos;original&apos;, &apos;50%&apos; or a width in pixels.</source>
        <translation>尺寸 {text} 不是“original”、“50%”或以像素计的宽度。</translation>
    </message>
    <message>
        <source>original size</source>
        <translation>原始尺寸</translation>
    </message>
    <message>
        <source>50 %</source>
        <translation>50 %</translation>
    </message>
    <message>
        <source>{width} px wide</source>
        <translation>宽 {width} px</translation>
    </message>
    <message>
        <source>The frame</source>
        <translation>该帧</translation>
    </message>
    <message>
        <source>The range&apos;s first frame</source>
        <translation>范围的第一帧</translation>
    </message>
    <message>
        <source>The range&apos;s last frame</source>
        <translation>范围的最后一帧</translation>
    </message>
    <message>
        <source>The range starts after it ends: frame {first} to frame {last}.</source>
        <translation>范围的开始在结束之后：第 {first} 帧到第 {last} 帧。</translation>
    </message>
    <message>
        <source>A contact sheet holds 1 to {most} frames, not {tiles}.</source>
        <translation>缩略图表可容纳 1 到 {most} 帧，而不是 {tiles} 帧。</translation>
    </message>
    <message>
        <source>Width {asked} rounded to {width} (it must be even).</source>
        <translation>宽度 {asked} 已取整为 {width}（必须是偶数）。</translation>
    </message>
    <message>
        <source>{what} ({frame}) is outside the video, which has frames 1 to {count}.</source>
        <translation>{what}（{frame}）超出了视频范围，该视频的帧为 1 到 {count}。</translation>
    </message>
    <message>
        <source>The width must be {low} to {high} pixels, not {width}.</source>
        <translation>宽度必须在 {low} 到 {high} 像素之间，而不是 {width}。</translation>
    </message>
    <message>
        <source>The frame rate must be a number above 0, not {fps}.</source>
        <translation>帧率必须是大于 0 的数字，而不是 {fps}。</translation>
    </message>
    <message>
        <source>The whole video is copied as it is (no re-encoding).</source>
        <translation>整个视频按原样复制（不重新编码）。</translation>
    </message>
    <message>
        <source>Frames {first} to {last} are cut on keyframes: copied as they are, no re-encoding.</source>
        <translation>第 {first} 帧到第 {last} 帧在关键帧处剪切：按原样复制，不重新编码。</translation>
    </message>
    <message>
        <source>Re-encoded (H.264) because the size changes.</source>
        <translation>因尺寸改变而重新编码 (H.264)。</translation>
    </message>
    <message>
        <source>frame {frame}</source>
        <translation>第 {frame} 帧</translation>
    </message>
    <message>
        <source>frame {before} or frame {after}</source>
        <translation>第 {before} 帧或第 {after} 帧</translation>
    </message>
    <message>
        <source>Re-encoded (H.264): frame {frame} is not a keyframe (the nearest are {near}), so the cut cannot copy the video as it is.</source>
        <translation>重新编码 (H.264)：第 {frame} 帧不是关键帧（最近的是 {near}），因此剪切无法按原样复制视频。</translation>
    </message>
    <message>
        <source>Re-encoded (H.264): frames inside the range refer to frames outside it (B-frames), so the cut after frame {frame} cannot copy the video as it is.</source>
        <translation>重新编码 (H.264)：范围内的帧引用了范围外的帧（B 帧），因此在第 {frame} 帧之后剪切无法按原样复制视频。</translation>
    </message>
    <message>
        <source>{name} is the video being exported: choose another name.</source>
        <extracomment>Threads compressing PNG frames while the caller&apos;s thread decodes the next ones.</extracomment>
        <translation>{name} 就是正在导出的视频：请选择另一个名称。</translation>
    </message>
    <message>
        <source>{out} is {what}; the export needs {kind} name there.</source>
        <translation>{out} 是{what}；导出在那里需要{kind}名称。</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>一个文件夹</translation>
    </message>
    <message>
        <source>a file</source>
        <translation>一个文件</translation>
    </message>
    <message>
        <source>{out} already exists.</source>
        <translation>{out} 已存在。</translation>
    </message>
    <message>
        <source>The folder {folder} cannot be written (read-only or no permission).</source>
        <translation>无法写入文件夹 {folder}（只读或没有权限）。</translation>
    </message>
    <message>
        <source>The export to {name} failed: {exc}.</source>
        <translation>导出到 {name} 失败：{exc}。</translation>
    </message>
    <message>
        <source>The disk is full: {name} was not written (nothing partial was left behind).</source>
        <translation>磁盘已满：{name} 未写入（没有留下不完整的文件）。</translation>
    </message>
    <message>
        <source>{parent} cannot be written ({error}).</source>
        <translation>无法写入 {parent}（{error}）。</translation>
    </message>
    <message>
        <source>Writing {out} failed: {error}.</source>
        <translation>写入 {out} 失败：{error}。</translation>
    </message>
    <message>
        <source>The export was cancelled; nothing was written.</source>
        <extracomment>Re-encoding keeps what the model made: x264&apos;s visually lossless range, at its default speed. Lossy WebP at the quality most tools default to; method 4 is libwebp&apos;s default speed/size balance. PNG: zlib level 3 is several times faster than the default 6 for ~5 % more bytes on video frames. Frames the GIF palette is made from (spread over the clip): enough to see every colour it shows.</extracomment>
        <translation>导出已取消；没有写入任何内容。</translation>
    </message>
    <message>
        <source>{name} holds only {written} of frames {first} to {last}: it is damaged or incomplete.</source>
        <translation>{name} 只包含第 {first} 帧到第 {last} 帧中的 {written} 帧：它已损坏或不完整。</translation>
    </message>
</context>
<context>
    <name>ExportText</name>
    <message>
        <source>The export failed unexpectedly: {kind}: {error}</source>
        <extracomment>Export problems in words (core/texts.py: the name is the translation context).</extracomment>
        <translation>导出意外失败：{kind}：{error}</translation>
    </message>
</context>
<context>
    <name>FalErrors</name>
    <message>
        <source>fal&apos;s answer to the {what} request was not readable JSON (HTTP {status_code}).</source>
        <translation>fal 对 {what} 请求的回答不是可读的 JSON（HTTP {status_code}）。</translation>
    </message>
    <message>
        <source> (not billed)</source>
        <translation>（不计费）</translation>
    </message>
    <message>
        <source>rejected the key</source>
        <translation>拒绝了该密钥</translation>
    </message>
    <message>
        <source>refused access with this key</source>
        <translation>拒绝使用该密钥访问</translation>
    </message>
    <message>
        <source>fal {what} (HTTP {status}){suffix}</source>
        <translation>fal {what}（HTTP {status}）{suffix}</translation>
    </message>
    <message>
        <source>fal rejected the input: {issues}{not_billed}</source>
        <translation>fal 拒绝了输入：{issues}{not_billed}</translation>
    </message>
    <message>
        <source>invalid input</source>
        <translation>输入无效</translation>
    </message>
    <message>
        <source>fal is rate limiting this key (HTTP 429){suffix}</source>
        <translation>fal 正在对该密钥限速（HTTP 429）{suffix}</translation>
    </message>
    <message>
        <source>The job did not start before the start deadline and was dropped{suffix}</source>
        <translation>任务未在启动期限前开始，已被丢弃{suffix}</translation>
    </message>
    <message>
        <source>The job was cancelled{suffix}</source>
        <translation>任务已取消{suffix}</translation>
    </message>
    <message>
        <source>fal is temporarily unavailable (HTTP {status} {reason} from its edge)</source>
        <translation>fal 暂时不可用（其边缘节点返回 HTTP {status} {reason}）</translation>
    </message>
    <message>
        <source>fal could not report the job&apos;s status this time (HTTP {status} {reason}); the job itself is not affected</source>
        <translation>fal 这次无法报告任务状态（HTTP {status} {reason}）；任务本身不受影响</translation>
    </message>
    <message>
        <source>The endpoint id is not reachable with this key (HTTP 404){suffix}</source>
        <translation>用该密钥无法访问此端点 ID（HTTP 404）{suffix}</translation>
    </message>
    <message>
        <source>fal no longer has this request: its result expired or the id is unknown{suffix}</source>
        <translation>fal 已不再保存此请求：其结果已过期或 ID 未知{suffix}</translation>
    </message>
    <message>
        <source>The job has not finished yet: its result is not available.</source>
        <translation>任务尚未完成：其结果还不可用。</translation>
    </message>
    <message>
        <source>The generation failed on fal: the app crashed on this request (HTTP 500{detail}). fal does not bill a failed request; it was not sent again.</source>
        <translation>在 fal 上生成失败：该应用在处理此请求时崩溃（HTTP 500{detail}）。fal 不对失败的请求计费；该请求没有被重新发送。</translation>
    </message>
    <message>
        <source>The generation failed on fal (HTTP {status}){typed}{detail}</source>
        <translation>在 fal 上生成失败（HTTP {status}）{typed}{detail}</translation>
    </message>
    <message>
        <source>The request is too large for fal (HTTP 413){suffix}</source>
        <translation>请求对 fal 来说太大（HTTP 413）{suffix}</translation>
    </message>
    <message>
        <source>fal refused the {operation} request (HTTP {status}){typed}{detail}</source>
        <translation>fal 拒绝了 {operation} 请求（HTTP {status}）{typed}{detail}</translation>
    </message>
    <message>
        <source>No fal key is set: add one in Settings or set FAL_KEY.</source>
        <translation>未设置 fal 密钥：请在设置中添加，或设置 FAL_KEY。</translation>
    </message>
    <message>
        <source>The fal key is empty.</source>
        <translation>fal 密钥为空。</translation>
    </message>
    <message>
        <source>The fal key contains spaces or characters a key cannot have.</source>
        <translation>fal 密钥含有空格或密钥中不能有的字符。</translation>
    </message>
    <message>
        <source>The fal key is malformed: it must look like &lt;key_id&gt;:&lt;key_secret&gt; (no &apos;:&apos; found).</source>
        <translation>fal 密钥格式错误：它应该形如 &lt;key_id&gt;:&lt;key_secret&gt;（没有找到“:”）。</translation>
    </message>
    <message>
        <source>The fal key is malformed: the part before or after &apos;:&apos; is empty.</source>
        <translation>fal 密钥格式错误：“:”前面或后面的部分为空。</translation>
    </message>
    <message>
        <source>the server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>The URL {url} cannot be used (unsupported scheme).</source>
        <translation>URL {url} 无法使用（不支持的协议）。</translation>
    </message>
    <message>
        <source>Timed out connecting to {where}: check the network connection.</source>
        <translation>连接 {where} 超时：请检查网络连接。</translation>
    </message>
    <message>
        <source>Cannot connect to {where}: check the network connection.</source>
        <translation>无法连接 {where}：请检查网络连接。</translation>
    </message>
    <message>
        <source>{where} did not answer in time.</source>
        <translation>{where} 没有及时回应。</translation>
    </message>
    <message>
        <source>Sending to {where} failed part-way.</source>
        <translation>向 {where} 发送时中途失败。</translation>
    </message>
    <message>
        <source>{where} closed the connection before the answer was complete.</source>
        <translation>{where} 在回应完成前关闭了连接。</translation>
    </message>
    <message>
        <source>Network problem talking to {where} ({kind}).</source>
        <translation>与 {where} 通信时出现网络问题（{kind}）。</translation>
    </message>
    <message>
        <source>The URL {url} is not valid.</source>
        <translation>URL {url} 无效。</translation>
    </message>
    <message>
        <source>The URL {url} is not an http(s) URL.</source>
        <translation>URL {url} 不是 http(s) URL。</translation>
    </message>
    <message>
        <source>The input is invalid: {exc}</source>
        <extracomment>The stream sends a `: ping` about every 15 s; three missed pings means the stream is dead.</extracomment>
        <translation>输入无效：{exc}</translation>
    </message>
    <message>
        <source>fal answered the submit but the answer was unreadable: the job may exist and be billed. Check the fal dashboard before submitting again.</source>
        <translation>fal 回应了提交，但回应无法读取：任务可能已存在并已计费。再次提交之前请先查看 fal 控制台。</translation>
    </message>
    <message>
        <source>fal answered the submit without a request id: the job may exist and be billed. Check the fal dashboard before submitting again.</source>
        <translation>fal 回应了提交，但没有请求 ID：任务可能已存在并已计费。再次提交之前请先查看 fal 控制台。</translation>
    </message>
    <message>
        <source>fal answered the submit with an unusable request id ({request_id}): the job may exist and be billed. Check the fal dashboard before submitting again.</source>
        <translation>fal 回应了提交，但请求 ID 无法使用（{request_id}）：任务可能已存在并已计费。再次提交之前请先查看 fal 控制台。</translation>
    </message>
    <message>
        <source>{request_id} is not a request id.</source>
        <translation>{request_id} 不是请求 ID。</translation>
    </message>
    <message>
        <source>The job was cancelled before it ran.</source>
        <translation>任务在运行前已被取消。</translation>
    </message>
    <message>
        <source>The generation failed on fal{typed}: {detail}</source>
        <translation>在 fal 上生成失败{typed}：{detail}</translation>
    </message>
    <message>
        <source>no detail</source>
        <translation>没有详细信息</translation>
    </message>
    <message>
        <source>fal returned a result without a usable video{detail}</source>
        <translation>fal 返回的结果中没有可用的视频{detail}</translation>
    </message>
</context>
<context>
    <name>FieldIssueLabel</name>
    <message>
        <source>{title}: refused by fal</source>
        <translation>{title}：被 fal 拒绝</translation>
    </message>
    <message>
        <source>fal refused this input ({field}). Edit it to clear this message.</source>
        <translation>fal 拒绝了这个输入（{field}）。编辑它即可清除此消息。</translation>
    </message>
</context>
<context>
    <name>FieldIssues</name>
    <message>
        <source>Prompt</source>
        <extracomment>Wire name → what a person calls it (the label&apos;s accessible description says which control was refused).</extracomment>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Camera path</source>
        <translation>镜头路径</translation>
    </message>
    <message>
        <source>Camera path speeds</source>
        <translation>镜头路径速度</translation>
    </message>
    <message>
        <source>CFG scale</source>
        <translation>CFG 强度</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
</context>
<context>
    <name>FinishedNotifications</name>
    <message>
        <source>Video ready</source>
        <extracomment>Jobs finishing less than this apart are announced in one notification (at most NOTIFY_GATHER_MAX_S late).</extracomment>
        <translation>视频已就绪</translation>
    </message>
    <message>
        <source>Job cancelled</source>
        <translation>任务已取消</translation>
    </message>
    <message>
        <source>Job submit uncertain</source>
        <translation>任务提交状态不确定</translation>
    </message>
    <message>
        <source>Job failed</source>
        <translation>任务失败</translation>
    </message>
    <message numerus="yes">
        <source>%n video(s) ready</source>
        <translation>
            <numerusform>%n 个视频已就绪</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) finished</source>
        <translation>
            <numerusform>%n 个任务已结束</numerusform>
        </translation>
    </message>
    <message>
        <source>{done} done, {other} failed or cancelled · {prompt}</source>
        <translation>{done} 个完成，{other} 个失败或取消 · {prompt}</translation>
    </message>
</context>
<context>
    <name>GenerateBar</name>
    <message>
        <source>Request summary</source>
        <translation>请求摘要</translation>
    </message>
    <message>
        <source>What one generation produces</source>
        <translation>一次生成会产出什么</translation>
    </message>
    <message>
        <source>Copy request as</source>
        <translation>复制请求为</translation>
    </message>
    <message>
        <source>Copy request as code</source>
        <translation>把请求复制为代码</translation>
    </message>
    <message>
        <source>Copy the exact request as Python, JavaScript or cURL ($FAL_KEY, never your key)</source>
        <translation>把确切的请求复制为 Python、JavaScript 或 cURL 代码（使用 $FAL_KEY，绝不包含你的密钥）</translation>
    </message>
    <message>
        <source>Continues</source>
        <translation>接续</translation>
    </message>
</context>
<context>
    <name>ImageCanvas</name>
    <message>
        <source>Drop an image here
or paste one (Ctrl+V)</source>
        <translation>把图片拖到这里
或粘贴一张 (Ctrl+V)</translation>
    </message>
</context>
<context>
    <name>ImageChecks</name>
    <message>
        <source>{url} has no host name.</source>
        <translation>{url} 没有主机名。</translation>
    </message>
    <message>
        <source>Only https links are loaded (plain http is not secure). Save the image and drop the file instead.</source>
        <translation>只加载 https 链接（明文 http 不安全）。请保存图片后拖入文件。</translation>
    </message>
    <message>
        <source>{url} is not a web link to an image.</source>
        <translation>{url} 不是指向图片的网络链接。</translation>
    </message>
    <message>
        <source>The dropped image</source>
        <translation>拖入的图片</translation>
    </message>
    <message>
        <source>The link {url} did not lead to an image (the server sent {type}).</source>
        <translation>链接 {url} 指向的不是图片（服务器发送的是 {type}）。</translation>
    </message>
    <message>
        <source>The image at {url}</source>
        <translation>{url} 处的图片</translation>
    </message>
    <message>
        <source>{path} (from {hostname})</source>
        <translation>{path}（来自 {hostname}）</translation>
    </message>
    <message>
        <source>The image at {url} is larger than {limit} MB; download it and check it first.</source>
        <translation>{url} 处的图片大于 {limit} MB；请先下载并检查它。</translation>
    </message>
    <message>
        <source>The server answered HTTP {status}{phrase} for {url}.</source>
        <translation>服务器对 {url} 返回了 HTTP {status}{phrase}。</translation>
    </message>
    <message>
        <source>Loading {url} timed out after {seconds} s or was cancelled.</source>
        <translation>加载 {url} 在 {seconds} 秒后超时或被取消。</translation>
    </message>
    <message>
        <source>Could not find the host {host}: check the link and your connection.</source>
        <translation>找不到主机 {host}：请检查链接和网络连接。</translation>
    </message>
    <message>
        <source>Could not reach {host}: {error}.</source>
        <translation>无法访问 {host}：{error}。</translation>
    </message>
    <message>
        <source>The secure connection to {host} failed: {error}.</source>
        <translation>与 {host} 的安全连接失败：{error}。</translation>
    </message>
    <message>
        <source>{url} redirected to an insecure (http) address; it was not followed.</source>
        <translation>{url} 重定向到不安全的 (http) 地址；未跟随。</translation>
    </message>
    <message>
        <source>Could not load {url}: {error}.</source>
        <translation>无法加载 {url}：{error}。</translation>
    </message>
    <message>
        <source>{name} is no longer at {parent}.</source>
        <extracomment>Qt refuses to allocate more than this for one decoded image (a guard behind the header check). Pillow&apos;s format names (what the image rule accepts) → the Qt image plugin that draws the preview. What is wrong with an image, in words; the same context as media/errors.py, which this module imports only when it must (the media package loads PyAV and Pillow: not before the first frame).</extracomment>
        <translation>{name} 已不在 {parent}。</translation>
    </message>
    <message>
        <source>{name} changed on disk after it was loaded.</source>
        <translation>{name} 加载后在磁盘上被更改了。</translation>
    </message>
    <message>
        <source>{name} is too large to decode safely ({err}).</source>
        <translation>{name} 太大，无法安全解码（{err}）。</translation>
    </message>
    <message>
        <source>{name} is damaged and cannot be decoded as {fmt} ({err}).</source>
        <translation>{name} 已损坏，无法解码为 {fmt}（{err}）。</translation>
    </message>
    <message>
        <source>{path} cannot be read: {error}.</source>
        <translation>无法读取 {path}：{error}。</translation>
    </message>
    <message>
        <source>The image</source>
        <translation>该图片</translation>
    </message>
    <message>
        <source>{label} is {size} MB; the limit is {limit} MB.</source>
        <translation>{label} 为 {size} MB；上限为 {limit} MB。</translation>
    </message>
    <message>
        <source>The image could not be loaded: {exc}</source>
        <translation>无法加载图片：{exc}</translation>
    </message>
    <message>
        <source>The pasted image data is empty.</source>
        <translation>粘贴的图片数据为空。</translation>
    </message>
    <message>
        <source>The data: link is malformed (no comma before its content).</source>
        <extracomment>Formats we decode. Others Pillow knows (EPS needs Ghostscript, PSD, ICO, ...) are refused by name. Sent as they are when not cropping; BMP and TIFF are re-encoded as PNG (huge, and not web formats).</extracomment>
        <translation>data: 链接格式错误（内容前没有逗号）。</translation>
    </message>
    <message>
        <source>The data: link is not valid base64.</source>
        <translation>data: 链接不是有效的 base64。</translation>
    </message>
    <message>
        <source>The data: link is empty (0 bytes): it is not an image.</source>
        <translation>data: 链接为空（0 字节）：它不是图片。</translation>
    </message>
    <message>
        <source>The data: link&apos;s content</source>
        <translation>data: 链接的内容</translation>
    </message>
    <message>
        <source>“{name}”</source>
        <translation>“{name}”</translation>
    </message>
    <message>
        <source>{name} is a folder, not an image file.</source>
        <translation>{name} 是文件夹，不是图片文件。</translation>
    </message>
    <message>
        <source>{name} is {size} MB; images over {limit} MB are refused.</source>
        <translation>{name} 为 {size} MB；超过 {limit} MB 的图片会被拒绝。</translation>
    </message>
    <message>
        <source>The image file {name} does not exist (any more).</source>
        <translation>图片文件 {name} 不存在（或已不存在）。</translation>
    </message>
    <message>
        <source>No permission to read {name}.</source>
        <translation>没有权限读取 {name}。</translation>
    </message>
    <message>
        <source>Could not read {name}: {error}.</source>
        <translation>无法读取 {name}：{error}。</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes): it is not an image.</source>
        <translation>{name} 为空（0 字节）：它不是图片。</translation>
    </message>
    <message>
        <source>{n} megapixels</source>
        <translation>{n} 百万像素</translation>
    </message>
    <message>
        <source>larger than any image this app accepts</source>
        <translation>超过本应用接受的任何图片</translation>
    </message>
    <message>
        <source>{name} is {size}; the limit is {limit} megapixels. Scale it down first.</source>
        <translation>{name} 为 {size}；上限为 {limit} 百万像素。请先缩小它。</translation>
    </message>
    <message>
        <source>{name} is damaged: its header cannot be read ({exc}).</source>
        <translation>{name} 已损坏：无法读取其文件头（{exc}）。</translation>
    </message>
    <message>
        <source>{name} says it is {width}×{height} pixels: that is not a usable image.</source>
        <translation>{name} 声称它是 {width}×{height} 像素：这不是可用的图片。</translation>
    </message>
    <message>
        <source>{name} is {width}×{height} pixels ({megapixels} megapixels); the limit is {limit} megapixels. Scale it down first.</source>
        <translation>{name} 为 {width}×{height} 像素（{megapixels} 百万像素）；上限为 {limit} 百万像素。请先缩小它。</translation>
    </message>
    <message>
        <source>Convert it to PNG, JPEG or WebP.</source>
        <extracomment>Formats by their first bytes that Pillow cannot open here: name them instead of &quot;not an image&quot;.</extracomment>
        <translation>请把它转换为 PNG、JPEG 或 WebP。</translation>
    </message>
    <message>
        <source>{name} is an AVIF image, which this app cannot read. {CONVERT}</source>
        <translation>{name} 是 AVIF 图片，本应用无法读取。{CONVERT}</translation>
    </message>
    <message>
        <source>{name} is a HEIC image, which this app cannot read. {CONVERT}</source>
        <translation>{name} 是 HEIC 图片，本应用无法读取。{CONVERT}</translation>
    </message>
    <message>
        <source>{name} is a video file, not an image.</source>
        <translation>{name} 是视频文件，不是图片。</translation>
    </message>
    <message>
        <source>{name} is a {what} image, which this app cannot read. {CONVERT}</source>
        <translation>{name} 是 {what} 图片，本应用无法读取。{CONVERT}</translation>
    </message>
    <message>
        <source>{name} is a PDF document, not an image. Export the page you want as PNG or JPEG.</source>
        <translation>{name} 是 PDF 文档，不是图片。请把需要的页面导出为 PNG 或 JPEG。</translation>
    </message>
    <message>
        <source>{name} is an SVG drawing; the model needs a picture made of pixels. Export it as PNG or JPEG.</source>
        <translation>{name} 是 SVG 矢量图；模型需要由像素组成的图片。请把它导出为 PNG 或 JPEG。</translation>
    </message>
    <message>
        <source>{name} is a {fmt} image, which is not supported. Use JPEG, PNG, WebP, GIF, BMP or TIFF.</source>
        <translation>{name} 是 {fmt} 图片，不受支持。请使用 JPEG、PNG、WebP、GIF、BMP 或 TIFF。</translation>
    </message>
    <message>
        <source>{name} is not an image: it is a web page.</source>
        <translation>{name} 不是图片：它是一个网页。</translation>
    </message>
    <message>
        <source>{name} is not an image: it is a ZIP archive.</source>
        <translation>{name} 不是图片：它是一个 ZIP 压缩包。</translation>
    </message>
    <message>
        <source>{name} is not an image: its contents are not in any image format this app reads (JPEG, PNG, WebP, GIF, BMP or TIFF).</source>
        <translation>{name} 不是图片：其内容不是本应用能读取的任何图片格式（JPEG、PNG、WebP、GIF、BMP 或 TIFF）。</translation>
    </message>
    <message>
        <source>{name} is not an image: it contains text.</source>
        <translation>{name} 不是图片：它包含的是文本。</translation>
    </message>
    <message>
        <source>{name} is too large to decode safely: refused.</source>
        <translation>{name} 太大，无法安全解码：已拒绝。</translation>
    </message>
    <message>
        <source>{name} is incomplete (the file is cut off): it cannot be used.</source>
        <translation>{name} 不完整（文件被截断）：无法使用。</translation>
    </message>
    <message>
        <source>{name} is damaged and cannot be decoded ({error}).</source>
        <translation>{name} 已损坏，无法解码（{error}）。</translation>
    </message>
    <message>
        <source>The disk is full: the image could not be stored.</source>
        <translation>磁盘已满：无法保存图片。</translation>
    </message>
    <message>
        <source>The image could not be stored in {folder}: {error}.</source>
        <translation>无法把图片保存到 {folder}：{error}。</translation>
    </message>
</context>
<context>
    <name>ImageDropZone</name>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp *.gif *.tif *.tiff);;All files (*)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.webp *.bmp *.gif *.tif *.tiff);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Image drop zone</source>
        <translation>图片拖放区</translation>
    </message>
    <message>
        <source>Drop an image file, an image from a browser, or a link to an image</source>
        <translation>拖入图片文件、浏览器中的图片或图片链接</translation>
    </message>
    <message>
        <source>Image preview with the model&apos;s crop</source>
        <translation>带有模型裁切框的图片预览</translation>
    </message>
    <message>
        <source>The orange frame is the part of the image the model uses (1216×704)</source>
        <translation>橙色框是模型使用的图片部分 (1216×704)</translation>
    </message>
    <message>
        <source>Image size and format</source>
        <translation>图片尺寸和格式</translation>
    </message>
    <message>
        <source>What the crop keeps</source>
        <translation>裁切保留的部分</translation>
    </message>
    <message>
        <source>Image problem</source>
        <translation>图片问题</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>打开图片</translation>
    </message>
    <message>
        <source>Choose an image file (Ctrl+Shift+O)</source>
        <translation>选择图片文件 (Ctrl+Shift+O)</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Paste image</source>
        <translation>粘贴图片</translation>
    </message>
    <message>
        <source>Paste an image, a file path or an image link from the clipboard</source>
        <translation>从剪贴板粘贴图片、文件路径或图片链接</translation>
    </message>
    <message>
        <source>Use it as it is now</source>
        <translation>按现在的样子使用</translation>
    </message>
    <message>
        <source>Use the changed image</source>
        <translation>使用更改后的图片</translation>
    </message>
    <message>
        <source>Load the image file as it is now on disk</source>
        <translation>按磁盘上现在的样子加载图片文件</translation>
    </message>
    <message>
        <source>Locate…</source>
        <translation>查找…</translation>
    </message>
    <message>
        <source>Locate the image</source>
        <translation>查找图片</translation>
    </message>
    <message>
        <source>Choose where the project&apos;s image is now</source>
        <translation>选择项目图片现在所在的位置</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>打开图片</translation>
    </message>
    <message>
        <source>The clipboard</source>
        <translation>剪贴板</translation>
    </message>
    <message>
        <source>The clipboard is empty.</source>
        <translation>剪贴板是空的。</translation>
    </message>
    <message>
        <source>The dropped item</source>
        <translation>拖入的内容</translation>
    </message>
    <message>
        <source>pasted image</source>
        <translation>粘贴的图片</translation>
    </message>
    <message>
        <source>The dropped image</source>
        <translation>拖入的图片</translation>
    </message>
    <message>
        <source>{what} holds no image, file or link.</source>
        <translation>{what}中没有图片、文件或链接。</translation>
    </message>
    <message>
        <source>{what} holds text, not an image, a file path or an image link.</source>
        <translation>{what}中是文本，不是图片、文件路径或图片链接。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>No image yet. The model uses a 1216×704 crop of it.</source>
        <translation>还没有图片。模型使用其中 1216×704 的裁切部分。</translation>
    </message>
    <message>
        <source>{w} × {h} px · {size} · {format}</source>
        <translation>{w} × {h} px · {size} · {format}</translation>
    </message>
</context>
<context>
    <name>ImageText</name>
    <message>
        <source>The model keeps {percent} % of the width</source>
        <extracomment>The image&apos;s words outside the widget classes (core/texts.py).</extracomment>
        <translation>模型保留宽度的 {percent} %</translation>
    </message>
    <message>
        <source>The model keeps {percent} % of the height</source>
        <translation>模型保留高度的 {percent} %</translation>
    </message>
    <message>
        <source>The model sees the whole image</source>
        <translation>模型看到整张图片</translation>
    </message>
    <message>
        <source>{crop} (enlarged ×{scale}: smaller than 1216×704)</source>
        <translation>{crop}（放大 ×{scale}：小于 1216×704）</translation>
    </message>
</context>
<context>
    <name>InlineSpeedEditor</name>
    <message>
        <source>Speed of the selected moves</source>
        <translation>所选移动的速度</translation>
    </message>
    <message>
        <source>Speed from 0.01 to 3.00 (speed units per move). Enter applies, Esc cancels.</source>
        <translation>速度从 0.01 到 3.00（每个移动的速度单位）。Enter 应用，Esc 取消。</translation>
    </message>
</context>
<context>
    <name>JobChoosing</name>
    <message>
        <source>Star</source>
        <extracomment>The panel&apos;s action keys this helper owns. Replaceable in tests: (title, text, yes-button text) -&gt; yes?</extracomment>
        <translation>星标</translation>
    </message>
    <message>
        <source>Star the selected jobs to keep them: Delete unstarred… spares them (Ctrl+D, or click a row&apos;s ☆)</source>
        <translation>给所选任务加星标以保留它们：“删除未加星标…”不会删除它们（Ctrl+D，或点击行中的 ☆）</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Play 2 to 4 finished jobs side by side in lockstep (select them with Ctrl+click or Shift+click)</source>
        <translation>同步并排播放 2 到 4 个已完成的任务（用 Ctrl+点击或 Shift+点击选择）</translation>
    </message>
    <message>
        <source>Delete unstarred…</source>
        <translation>删除未加星标…</translation>
    </message>
    <message>
        <source>Delete the jobs that are not starred, among the selected jobs or, with one selected, among the jobs listed; files go to the trash. Starred and running jobs are kept.</source>
        <translation>删除未加星标的任务：在所选任务中删除，或只选了一个时在列出的任务中删除；文件移到回收站。加星标的和正在运行的任务会保留。</translation>
    </message>
    <message>
        <source>Show starred only</source>
        <translation>只显示星标</translation>
    </message>
    <message>
        <source>Starred: show only starred jobs (the search still applies)</source>
        <translation>星标：只显示加星标的任务（搜索仍然有效）</translation>
    </message>
    <message>
        <source>Show starred jobs only</source>
        <translation>只显示加星标的任务</translation>
    </message>
    <message>
        <source>Unstar</source>
        <translation>取消星标</translation>
    </message>
    <message>
        <source>Select 2 to 4 finished jobs (Ctrl+click) to compare them</source>
        <translation>选择 2 到 4 个已完成的任务（Ctrl+点击）来对比</translation>
    </message>
    <message>
        <source>Delete unstarred in selection…</source>
        <translation>删除所选中未加星标的…</translation>
    </message>
    <message>
        <source>Could not look at the jobs&apos; files: {error}</source>
        <translation>无法查看任务的文件：{error}</translation>
    </message>
    <message numerus="yes">
        <source>%n starred job(s) are kept</source>
        <translation>
            <numerusform>保留 %n 个加星标的任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) still in progress are kept</source>
        <translation>
            <numerusform>保留 %n 个仍在进行的任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n unstarred job(s) among {where}?</source>
        <translation>
            <numerusform>要删除{where}中 %n 个未加星标的任务吗？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n job(s)</source>
        <translation>
            <numerusform>删除 %n 个任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n job(s); their files are in the trash.</source>
        <translation>
            <numerusform>已删除 %n 个任务；其文件在回收站中。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n job(s): {t} moved to the trash, {d} deleted (no trash there).</source>
        <translation>
            <numerusform>已删除 %n 个任务：{t} 个移到回收站，{d} 个直接删除（那里没有回收站）。</numerusform>
        </translation>
    </message>
    <message>
        <source>the selected jobs</source>
        <translation>所选任务</translation>
    </message>
    <message>
        <source>the jobs listed</source>
        <translation>列出的任务</translation>
    </message>
    <message>
        <source>Nothing to delete</source>
        <translation>没有可删除的任务</translation>
    </message>
    <message>
        <source>Every job among {where} is starred or still in progress.</source>
        <translation>{where}中的每个任务都已加星标或仍在进行。</translation>
    </message>
    <message>
        <source>This frees {size} on this computer. Their videos, thumbnails and inputs go to the system trash (where there is none, they are deleted). Videos you saved elsewhere are not touched.</source>
        <translation>这会在本机释放 {size}。它们的视频、缩略图和输入会移到系统回收站（没有回收站时直接删除）。你另存到别处的视频不受影响。</translation>
    </message>
    <message>
        <source>Delete unstarred jobs</source>
        <translation>删除未加星标的任务</translation>
    </message>
</context>
<context>
    <name>JobRows</name>
    <message>
        <source>{s} s</source>
        <extracomment>A job row&apos;s words (core/texts.py: the name is the translation context).</extracomment>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <source>{m} min {s} s</source>
        <translation>{m} 分 {s} 秒</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分</translation>
    </message>
    <message>
        <source>{line} · finished despite cancel</source>
        <translation>{line} · 取消后仍完成</translation>
    </message>
    <message>
        <source>{line} · cancel sent</source>
        <translation>{line} · 已发送取消</translation>
    </message>
    <message>
        <source>Interrupted before sending: Send or Discard</source>
        <translation>发送前被中断：发送或丢弃</translation>
    </message>
    <message>
        <source>Uploading {done} / {total} · {t}</source>
        <translation>正在上传 {done} / {total} · {t}</translation>
    </message>
    <message>
        <source>Preparing image · {t}</source>
        <translation>正在准备图片 · {t}</translation>
    </message>
    <message>
        <source>Submitting · {t}</source>
        <translation>正在提交 · {t}</translation>
    </message>
    <message>
        <source>Queued · next in line · {t}</source>
        <translation>排队中 · 下一个 · {t}</translation>
    </message>
    <message>
        <source>Queued · {p} ahead · {t}</source>
        <translation>排队中 · 前面还有 {p} 个 · {t}</translation>
    </message>
    <message>
        <source>Queued · {t}</source>
        <translation>排队中 · {t}</translation>
    </message>
    <message>
        <source>Running · segment {i}/{n} · {t}</source>
        <translation>运行中 · 第 {i}/{n} 段 · {t}</translation>
    </message>
    <message>
        <source>Running · {t}</source>
        <translation>运行中 · {t}</translation>
    </message>
    <message>
        <source>Fetching result · {t}</source>
        <translation>正在获取结果 · {t}</translation>
    </message>
    <message>
        <source>Downloading {done} / {total} · {t}</source>
        <translation>正在下载 {done} / {total} · {t}</translation>
    </message>
    <message>
        <source>Downloading {done} · {t}</source>
        <translation>正在下载 {done} · {t}</translation>
    </message>
    <message>
        <source>Done in {t} · {size}</source>
        <translation>用时 {t} 完成 · {size}</translation>
    </message>
    <message>
        <source>Done in {t}</source>
        <translation>用时 {t} 完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Submit uncertain: check fal before re-running</source>
        <translation>提交状态不确定：重新运行前请先查看 fal</translation>
    </message>
    <message>
        <source>Failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <source>Sandbox: simulated, free</source>
        <translation>Sandbox：模拟，免费</translation>
    </message>
    <message>
        <source>seed {seed}</source>
        <translation>种子 {seed}</translation>
    </message>
</context>
<context>
    <name>JobStates</name>
    <message>
        <source>Uploading</source>
        <translation>上传中</translation>
    </message>
    <message>
        <source>Submitting</source>
        <translation>提交中</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Fetching result</source>
        <translation>获取结果中</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Submit uncertain</source>
        <translation>提交状态不确定</translation>
    </message>
</context>
<context>
    <name>JobWording</name>
    <message>
        <source>Cancelled before it was sent.</source>
        <translation>在发送前已取消。</translation>
    </message>
    <message>
        <source>The job&apos;s video is missing ({video_path}).</source>
        <translation>任务的视频不见了（{video_path}）。</translation>
    </message>
    <message>
        <source>The generation failed on {name}{typed}: {detail}</source>
        <translation>在 {name} 上生成失败{typed}：{detail}</translation>
    </message>
    <message>
        <source>no detail</source>
        <translation>没有详细信息</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>The video was saved to {video} ({size} MB), but its sidecar {sidecar} could not be written: {reason}.</source>
        <translation>视频已保存到 {video}（{size} MB），但无法写入其附属文件 {sidecar}：{reason}。</translation>
    </message>
    <message>
        <source>Unexpected error: {kind}: {error}</source>
        <extracomment>Failures of the run itself on fal (or of its input): fetching again cannot help, Re-run can.</extracomment>
        <translation>意外错误：{kind}：{error}</translation>
    </message>
    <message>
        <source>Interrupted before anything was sent: nothing was paid.</source>
        <translation>在发送任何内容之前被中断：没有产生费用。</translation>
    </message>
    <message>
        <source>Resumed after restart.</source>
        <translation>重启后已恢复。</translation>
    </message>
    <message>
        <source>The cancel request failed: {exc}</source>
        <translation>取消请求失败：{exc}</translation>
    </message>
    <message>
        <source>{exc} Trying again in {delay_s} s (attempt {attempt}).</source>
        <translation>{exc} {delay_s} 秒后重试（第 {attempt} 次）。</translation>
    </message>
    <message>
        <source>{exc} Set a valid key in Key… to continue.</source>
        <translation>{exc} 请在“密钥…”中设置有效的密钥以继续。</translation>
    </message>
    <message>
        <source>The input image {image} is gone.</source>
        <extracomment>An image URL the record holds until the upload replaces it.</extracomment>
        <translation>输入图片 {image} 不见了。</translation>
    </message>
    <message>
        <source>The image file changed after Generate was pressed, so nothing was sent. Load it again (or re-run with the image as it is now).</source>
        <translation>按下“生成”后图片文件发生了变化，因此没有发送任何内容。请重新加载它（或用现在的图片重新运行）。</translation>
    </message>
    <message>
        <source>The job&apos;s video is missing ({video}).</source>
        <translation>任务的视频不见了（{video}）。</translation>
    </message>
    <message>
        <source>the sandbox</source>
        <extracomment>What the rules say, in words (core/texts.py: the name is the translation context).</extracomment>
        <translation>Sandbox</translation>
    </message>
    <message>
        <source>{detail}. The submit may have reached the sandbox; it was not sent again (Sandbox mode is free: Re-run sends it again).</source>
        <translation>{detail}。提交可能已到达 Sandbox；没有再次发送（Sandbox 模式免费：“重新运行”会再次发送）。</translation>
    </message>
    <message>
        <source>{detail}. The submit may have reached fal: the job may exist and be billed. It was not sent again; check your fal dashboard before sending it again (Re-run sends it deliberately).</source>
        <translation>{detail}。提交可能已到达 fal：任务可能已存在并已计费。没有再次发送；再次发送前请先查看 fal 控制台（“重新运行”会有意地发送它）。</translation>
    </message>
    <message>
        <source>The app stopped while this job was being submitted to the sandbox. It was not sent again; Re-run sends it again (free).</source>
        <translation>向 Sandbox 提交这个任务时应用停止了。它没有被再次发送；“重新运行”会再次发送（免费）。</translation>
    </message>
    <message>
        <source>The app stopped while this job was being submitted: fal may or may not have it (and may bill it). It was not sent again; use Re-run to send it deliberately.</source>
        <translation>提交这个任务时应用停止了：fal 可能收到了也可能没有收到（并可能计费）。它没有被再次发送；请用“重新运行”有意地发送它。</translation>
    </message>
    <message>
        <source>{detail}, again and again: the job never reached the sandbox&apos;s queue. Try again in a minute.</source>
        <translation>{detail}，一次又一次：任务始终没有进入 Sandbox 的队列。请过一分钟再试。</translation>
    </message>
    <message>
        <source>{detail}, again and again: the job never reached fal&apos;s queue (nothing was billed). Try again in a minute.</source>
        <translation>{detail}，一次又一次：任务始终没有进入 fal 的队列（没有计费）。请过一分钟再试。</translation>
    </message>
    <message>
        <source>Interrupted before sending: the command line that started this job stopped before it reached {name}. Nothing was sent. Send it, or discard it.</source>
        <translation>发送前被中断：启动这个任务的命令行在到达 {name} 之前就停止了。没有发送任何内容。请发送它，或丢弃它。</translation>
    </message>
    <message>
        <source>The command line is running this job right now; it is shown here as it goes (stop it there, with Ctrl+C).</source>
        <translation>命令行正在运行这个任务；这里会随进度显示它（要停止它，请在命令行中按 Ctrl+C）。</translation>
    </message>
    <message>
        <source>The sandbox that ran this job stopped with the command that started it; nothing was billed (Sandbox mode is free). Re-run makes it again.</source>
        <translation>运行这个任务的 Sandbox 随启动它的命令一起停止了；没有计费（Sandbox 模式免费）。“重新运行”会再生成一次。</translation>
    </message>
    <message>
        <source>The generation failed in the sandbox after its queue completed it ({detail}). Re-run sends it again.</source>
        <translation>Sandbox 的队列完成后，生成在 Sandbox 中失败了（{detail}）。“重新运行”会再次发送。</translation>
    </message>
    <message>
        <source>The generation failed on fal after its queue completed it ({detail}). fal does not bill a run its app failed; it is not sent again on its own: Re-run sends it as a new job.</source>
        <translation>fal 的队列完成后，生成在 fal 上失败了（{detail}）。fal 不对其应用失败的运行计费；它不会自动再次发送：“重新运行”会把它作为新任务发送。</translation>
    </message>
    <message>
        <source>The sandbox could not hand over the result ({detail}). The job itself may be fine: fetching it again is free.</source>
        <translation>Sandbox 未能交付结果（{detail}）。任务本身可能没有问题：再次获取结果是免费的。</translation>
    </message>
    <message>
        <source>fal could not hand over the result ({detail}). The job itself may be fine: fetching it again is free.</source>
        <translation>fal 未能交付结果（{detail}）。任务本身可能没有问题：再次获取结果是免费的。</translation>
    </message>
    <message>
        <source>The sandbox keeps results only while it runs; this one is gone.</source>
        <translation>Sandbox 只在运行期间保存结果；这个结果已经没有了。</translation>
    </message>
    <message>
        <source>fal keeps results about an hour; this one is gone.</source>
        <translation>fal 保存结果大约一小时；这个结果已经没有了。</translation>
    </message>
    <message>
        <source>Cancelled on {name}.</source>
        <translation>已在 {name} 上取消。</translation>
    </message>
    <message>
        <source>The sandbox is already running this job. It imitates fal: a running job ignores the cancel and usually finishes. Sandbox mode is free, so nothing is billed; if it finishes, its video is still downloaded and kept.

Cancel anyway?</source>
        <translation>Sandbox 已经在运行这个任务。它模仿 fal：正在运行的任务会忽略取消，通常会运行完毕。Sandbox 模式免费，因此不会计费；如果它完成了，其视频仍会被下载并保留。

仍要取消吗？</translation>
    </message>
    <message>
        <source>fal is already running this job. A cancel is sent, but the GameCraft app ignores cancel signals: it will probably finish and be billed anyway. If it does, its video is still downloaded and kept.

Cancel anyway?</source>
        <translation>fal 已经在运行这个任务。会发送取消请求，但 GameCraft 应用会忽略取消信号：它很可能会运行完毕并照样计费。如果完成了，其视频仍会被下载并保留。

仍要取消吗？</translation>
    </message>
    <message>
        <source>Cancel requested. The sandbox is already running it and may finish it anyway (free): if so, the video is kept.</source>
        <translation>已请求取消。Sandbox 已经在运行它，可能仍会完成（免费）：如果完成，视频会被保留。</translation>
    </message>
    <message>
        <source>Cancel requested. fal is already running it and may finish it anyway (and bill it): if so, the video is kept.</source>
        <translation>已请求取消。fal 已经在运行它，可能仍会完成（并计费）：如果完成，视频会被保留。</translation>
    </message>
    <message>
        <source>Cancel requested: waiting for {name} to drop it from its queue.</source>
        <translation>已请求取消：等待 {name} 把它从队列中移除。</translation>
    </message>
    <message>
        <source>The sandbox had nothing to cancel: the job had already finished. Fetching its result.</source>
        <translation>Sandbox 没有可取消的内容：任务已经完成。正在获取其结果。</translation>
    </message>
    <message>
        <source>fal had nothing to cancel: the job had already finished. Fetching its result.</source>
        <translation>fal 没有可取消的内容：任务已经完成。正在获取其结果。</translation>
    </message>
    <message>
        <source>Cancel sent. The sandbox is already running it and may finish it anyway (free): if so, the video is kept.</source>
        <translation>已发送取消。Sandbox 已经在运行它，可能仍会完成（免费）：如果完成，视频会被保留。</translation>
    </message>
    <message>
        <source>Cancel sent. fal is already running it and may finish it anyway (and bill it): if so, the video is kept.</source>
        <translation>已发送取消。fal 已经在运行它，可能仍会完成（并计费）：如果完成，视频会被保留。</translation>
    </message>
    <message>
        <source>Cancel sent: waiting for {name} to drop it from its queue.</source>
        <translation>已发送取消：等待 {name} 把它从队列中移除。</translation>
    </message>
    <message>
        <source>Cancelled: the sandbox dropped it from its queue before it ran (Sandbox mode is free).</source>
        <translation>已取消：Sandbox 在运行前把它从队列中移除了（Sandbox 模式免费）。</translation>
    </message>
    <message>
        <source>Cancelled: fal dropped it from its queue before it ran (not billed).</source>
        <translation>已取消：fal 在运行前把它从队列中移除了（不计费）。</translation>
    </message>
    <message>
        <source>Finished despite cancel: the sandbox ran it to the end (free), so the video was downloaded and kept.</source>
        <translation>取消后仍完成：Sandbox 把它运行完毕（免费），因此视频已被下载并保留。</translation>
    </message>
    <message>
        <source>Finished despite cancel: fal ran it to the end (and bills it), so the video was downloaded and kept.</source>
        <translation>取消后仍完成：fal 把它运行完毕（并计费），因此视频已被下载并保留。</translation>
    </message>
    <message>
        <source>Cancelled right after {name} accepted it; the cancel was sent.</source>
        <translation>在 {name} 接受后立即取消；已发送取消请求。</translation>
    </message>
    <message>
        <source>The input image of this job is gone; load another image.</source>
        <translation>这个任务的输入图片不见了；请加载另一张图片。</translation>
    </message>
    <message>
        <source>Discarded before sending: nothing was sent.</source>
        <translation>在发送前已丢弃：没有发送任何内容。</translation>
    </message>
    <message>
        <source>Waiting for the local sandbox to start…</source>
        <translation>正在等待本地 Sandbox 启动…</translation>
    </message>
    <message>
        <source>Waiting for a fal key: this job was sent with a key that is no longer set.</source>
        <translation>正在等待 fal 密钥：这个任务是用一个现在已不再设置的密钥发送的。</translation>
    </message>
    <message>
        <source>A fal key is needed to follow this job.</source>
        <translation>需要 fal 密钥才能跟进这个任务。</translation>
    </message>
    <message>
        <source>{error} Set a valid fal key to continue.</source>
        <translation>{error} 请设置有效的 fal 密钥以继续。</translation>
    </message>
</context>
<context>
    <name>JobsPanel</name>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>This month&apos;s fal runs</source>
        <extracomment>Replaceable in tests: (title, text) -&gt; yes? Replaceable in tests: suggested path -&gt; chosen path or None.</extracomment>
        <translation>本月的 fal 运行</translation>
    </message>
    <message>
        <source>Search prompts or paste a request id</source>
        <translation>搜索提示词或粘贴请求 ID</translation>
    </message>
    <message>
        <source>Search jobs</source>
        <translation>搜索任务</translation>
    </message>
    <message>
        <source>Show only jobs whose prompt contains every word</source>
        <translation>只显示提示词包含每个词的任务</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <source>Runs per Generate</source>
        <translation>每次生成的运行次数</translation>
    </message>
    <message>
        <source>Generate N jobs with consecutive seeds (seed, seed+1, …); on fal each one is billed</source>
        <translation>用连续的种子生成 N 个任务（seed、seed+1、…）；在 fal 上每个任务都单独计费</translation>
    </message>
    <message>
        <source>&amp;Runs</source>
        <translation>运行次数(&amp;R)</translation>
    </message>
    <message>
        <source>Job list</source>
        <translation>任务列表</translation>
    </message>
    <message>
        <source>Your jobs, newest first: select one to play its video · double-click shows its logs · drag a finished one out to copy its video file</source>
        <translation>你的任务，最新的在前：选择一个播放其视频 · 双击显示其日志 · 把已完成的任务拖出即可复制其视频文件</translation>
    </message>
    <message>
        <source>No jobs yet. Press Generate to start one; it will appear here.</source>
        <translation>还没有任务。按“生成”开始一个；它会出现在这里。</translation>
    </message>
    <message>
        <source>More job actions</source>
        <translation>更多任务操作</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the job (one fal already runs may still finish and be billed: its video is then kept)</source>
        <translation>取消任务（fal 已在运行的任务可能仍会完成并计费：那时其视频会被保留）</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Retry: a failed download of a finished job is fetched again for free; a job never sent is sent again</source>
        <translation>重试：已完成任务下载失败时免费重新获取；从未发送的任务会再次发送</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Drop this job without sending it (nothing was sent)</source>
        <translation>不发送，直接丢弃这个任务（没有发送任何内容）</translation>
    </message>
    <message>
        <source>Re-run</source>
        <translation>重新运行</translation>
    </message>
    <message>
        <source>Run again with the same inputs (a new paid job on fal)</source>
        <translation>用相同的输入再运行一次（在 fal 上是一个新的付费任务）</translation>
    </message>
    <message>
        <source>Vary seed</source>
        <translation>换种子</translation>
    </message>
    <message>
        <source>Run again with a new random seed</source>
        <translation>用新的随机种子再运行一次</translation>
    </message>
    <message>
        <source>Load inputs</source>
        <translation>载入输入</translation>
    </message>
    <message>
        <source>Load this job&apos;s image, prompt, path and parameters into the composer</source>
        <translation>把这个任务的图片、提示词、路径和参数载入编排区</translation>
    </message>
    <message>
        <source>Continue from last frame</source>
        <translation>从最后一帧继续</translation>
    </message>
    <message>
        <source>Use this video&apos;s last frame as the next image (prompt, path and parameters too); the next video is then also joined after this one</source>
        <translation>把这个视频的最后一帧用作下一张图片（连同提示词、路径和参数）；下一个视频随后也会接在这个视频之后</translation>
    </message>
    <message>
        <source>Save joined video…</source>
        <translation>保存拼接的视频…</translation>
    </message>
    <message>
        <source>Save the video this job continued followed by this one, as one MP4 with its sidecar</source>
        <translation>把这个任务所接续的视频和这个视频合成一个 MP4 保存，并附带附属文件</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Open the job&apos;s folder in the file manager</source>
        <translation>在文件管理器中打开任务的文件夹</translation>
    </message>
    <message>
        <source>Copy id</source>
        <translation>复制 ID</translation>
    </message>
    <message>
        <source>Copy the fal request id</source>
        <translation>复制 fal 请求 ID</translation>
    </message>
    <message>
        <source>Save video…</source>
        <translation>保存视频…</translation>
    </message>
    <message>
        <source>Save the MP4 and its JSON sidecar (Ctrl+E)</source>
        <translation>保存 MP4 及其 JSON 附属文件 (Ctrl+E)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export as GIF, WebP, MP4, PNG frames, one frame or a contact sheet</source>
        <translation>导出为 GIF、WebP、MP4、PNG 帧、单帧或缩略图表</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Show or hide the job&apos;s logs (Enter)</source>
        <translation>显示或隐藏任务的日志 (Enter)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the job and its files</source>
        <translation>删除任务及其文件</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Job actions</source>
        <translation>任务操作</translation>
    </message>
    <message>
        <source>Every action for the selected job</source>
        <translation>所选任务的全部操作</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send this job now: the command line that started it stopped before sending it (a paid job on fal)</source>
        <translation>立即发送这个任务：启动它的命令行在发送前就停止了（在 fal 上是付费任务）</translation>
    </message>
    <message>
        <source>Fetch the finished video again (free: no new job)</source>
        <translation>重新获取已完成的视频（免费：不产生新任务）</translation>
    </message>
    <message>
        <source>Cancel a running job?</source>
        <translation>要取消正在运行的任务吗？</translation>
    </message>
    <message>
        <source>Delete this job?</source>
        <translation>要删除这个任务吗？</translation>
    </message>
    <message>
        <source>The job, its video and thumbnails are deleted from this computer. Videos you saved elsewhere are kept.</source>
        <translation>任务及其视频和缩略图会从本机删除。你另存到别处的视频会保留。</translation>
    </message>
    <message>
        <source>Save video</source>
        <translation>保存视频</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <source>Video not saved</source>
        <translation>视频未保存</translation>
    </message>
    <message>
        <source>The video could not be saved to {path}: {error}</source>
        <translation>无法把视频保存到 {path}：{error}</translation>
    </message>
</context>
<context>
    <name>JobsRuntime</name>
    <message>
        <source>Looking for a fal key</source>
        <translation>正在查找 fal 密钥</translation>
    </message>
    <message>
        <source>Set fal key</source>
        <translation>设置 fal 密钥</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Could not take the last frame: {why}</source>
        <translation>无法取得最后一帧：{why}</translation>
    </message>
    <message>
        <source>The local sandbox could not start: {error}</source>
        <translation>本地 Sandbox 无法启动：{error}</translation>
    </message>
    <message>
        <source>key: set ✓ (environment)</source>
        <translation>密钥：已设置 ✓（环境变量）</translation>
    </message>
    <message>
        <source>key: set ✓ (keyring)</source>
        <translation>密钥：已设置 ✓（密钥环）</translation>
    </message>
    <message>
        <source>key: set ✓ (this session)</source>
        <translation>密钥：已设置 ✓（本次会话）</translation>
    </message>
    <message>
        <source>key: added by the proxy</source>
        <translation>密钥：由代理添加</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) still running on {server}. Change the server once they have finished (or cancel them).</source>
        <translation>
            <numerusform>仍有 %n 个任务在 {server} 上运行。请在它们完成后（或取消它们后）再更改服务器。</numerusform>
        </translation>
    </message>
    <message>
        <source>The settings could not be saved ({error}); nothing changed.</source>
        <translation>无法保存设置（{error}）；没有任何更改。</translation>
    </message>
    <message>
        <source>Connection: {where}.</source>
        <translation>连接：{where}。</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>Sandbox</translation>
    </message>
    <message>
        <source>Sandbox mode: free, local, simulated camera motion (not the real model). Set a fal key to run the real model.</source>
        <translation>Sandbox 模式：免费、本地、模拟的镜头运动（不是真正的模型）。设置 fal 密钥即可运行真正的模型。</translation>
    </message>
    <message numerus="yes">
        <source>Started %n job(s) on the local sandbox (free, simulated).</source>
        <translation>
            <numerusform>已在本地 Sandbox 上开始 %n 个任务（免费，模拟）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Started %n job(s) on fal.</source>
        <translation>
            <numerusform>已在 fal 上开始 %n 个任务。</numerusform>
        </translation>
    </message>
    <message>
        <source>{problem} Nothing was sent: the panel showed the earlier version. Use the file as it is now, or locate the image you meant.</source>
        <translation>{problem} 没有发送任何内容：面板显示的是较早的版本。请使用文件现在的样子，或找到你想用的图片。</translation>
    </message>
    <message>
        <source>Not generated: the image file changed on disk.</source>
        <translation>未生成：图片文件在磁盘上发生了变化。</translation>
    </message>
    <message>
        <source>The last frame is the new image: Generate continues the video (it is also joined after this one: Save joined video… in the job&apos;s menu).</source>
        <translation>最后一帧成为新图片：“生成”会接续这个视频（新视频也会接在这个视频之后：任务菜单中的“保存拼接的视频…”）。</translation>
    </message>
    <message>
        <source>Loaded the job&apos;s inputs into the composer.</source>
        <translation>已把任务的输入载入编排区。</translation>
    </message>
    <message>
        <source>Continues “{prompt}” from its last frame: the new video is also joined after it.</source>
        <translation>从“{prompt}”的最后一帧继续：新视频也会接在它之后。</translation>
    </message>
    <message>
        <source>The job being continued was deleted: the next Generate is a new video, not a continuation.</source>
        <translation>被接续的任务已被删除：下一次生成是一个新视频，不是接续。</translation>
    </message>
    <message>
        <source>fal rejected the input — {issues}</source>
        <translation>fal 拒绝了输入 — {issues}</translation>
    </message>
    <message>
        <source>Saved {path} and its sidecar {sidecar}</source>
        <translation>已保存 {path} 及其附属文件 {sidecar}</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) still in progress. fal keeps working on them and they resume the next time you start the app (sandbox jobs start again from the beginning). Quit now?</source>
        <extracomment>Replaceable in tests: the question asked once when jobs are in flight. (window, runs, seeds, summary) -&gt; start? Replaceable in tests; the default asks (ui/batch_confirm).</extracomment>
        <translation>
            <numerusform>还有 %n 个任务在进行中。fal 会继续处理它们，下次启动应用时它们会继续（Sandbox 任务会从头开始）。现在退出吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>Jobs still running</source>
        <translation>任务仍在运行</translation>
    </message>
    <message>
        <source>Quit, resume later</source>
        <translation>退出，稍后继续</translation>
    </message>
    <message>
        <source>Keep open</source>
        <translation>保持打开</translation>
    </message>
</context>
<context>
    <name>KeyController</name>
    <message>
        <source>There is no key to test.</source>
        <extracomment>The key&apos;s words outside a Qt class (core/texts.py: the name is the translation context). A request id that cannot exist: fal answers 404 for it when the key is good, 401/403 when it is not.</extracomment>
        <translation>没有可测试的密钥。</translation>
    </message>
    <message>
        <source>The keyring stayed locked: the saved key could not be read.</source>
        <translation>密钥环保持锁定：无法读取已保存的密钥。</translation>
    </message>
</context>
<context>
    <name>KeyDialog</name>
    <message>
        <source>fal key</source>
        <translation>fal 密钥</translation>
    </message>
    <message>
        <source>fal key settings</source>
        <translation>fal 密钥设置</translation>
    </message>
    <message>
        <source>Without a key the app runs in &lt;b&gt;Sandbox&lt;/b&gt; mode: free, local, simulated camera motion. With a fal key, Generate runs the real model on fal.ai and is billed to your account. Keys look like &lt;tt&gt;key_id:key_secret&lt;/tt&gt;.</source>
        <translation>没有密钥时，应用以 &lt;b&gt;Sandbox&lt;/b&gt; 模式运行：免费、本地、模拟的镜头运动。有了 fal 密钥，“生成”会在 fal.ai 上运行真正的模型，并计入你的账户费用。密钥形如 &lt;tt&gt;key_id:key_secret&lt;/tt&gt;。</translation>
    </message>
    <message>
        <source>Paste your fal key</source>
        <translation>粘贴你的 fal 密钥</translation>
    </message>
    <message>
        <source>The key is stored in the OS keyring, never in a file</source>
        <translation>密钥保存在系统密钥环中，绝不写入文件</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show key</source>
        <translation>显示密钥</translation>
    </message>
    <message>
        <source>Show or hide the key</source>
        <translation>显示或隐藏密钥</translation>
    </message>
    <message>
        <source>Save key</source>
        <translation>保存密钥</translation>
    </message>
    <message>
        <source>Store the pasted key and switch to fal mode</source>
        <translation>保存粘贴的密钥并切换到 fal 模式</translation>
    </message>
    <message>
        <source>Test key</source>
        <translation>测试密钥</translation>
    </message>
    <message>
        <source>Ask fal whether it accepts the key (free: no job is started)</source>
        <translation>询问 fal 是否接受该密钥（免费：不会开始任务）</translation>
    </message>
    <message>
        <source>Remove key</source>
        <translation>移除密钥</translation>
    </message>
    <message>
        <source>Delete the stored key; the app goes back to Sandbox mode</source>
        <translation>删除已保存的密钥；应用回到 Sandbox 模式</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Stored in</source>
        <translation>保存在</translation>
    </message>
    <message>
        <source>Looking for a key…</source>
        <translation>正在查找密钥…</translation>
    </message>
    <message>
        <source>{masked} from the environment variable {var}. It is used as long as no key is stored here; change it where the variable is set.</source>
        <translation>{masked}，来自环境变量 {var}。只要这里没有保存密钥就会使用它；请在设置该变量的地方更改它。</translation>
    </message>
    <message>
        <source>{masked} (saved in the OS keyring): fal mode</source>
        <translation>{masked}（保存在系统密钥环中）：fal 模式</translation>
    </message>
    <message>
        <source>{masked} (kept for this session only): fal mode</source>
        <translation>{masked}（只在本次会话中保留）：fal 模式</translation>
    </message>
    <message>
        <source>No key: Sandbox mode (free, simulated).</source>
        <translation>没有密钥：Sandbox 模式（免费，模拟）。</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Key saved.</source>
        <translation>密钥已保存。</translation>
    </message>
    <message>
        <source>Key removed.</source>
        <translation>密钥已移除。</translation>
    </message>
    <message>
        <source>Testing the key with fal…</source>
        <translation>正在用 fal 测试密钥…</translation>
    </message>
</context>
<context>
    <name>KeyStore</name>
    <message>
        <source>Your keyring is locked, so the saved fal key was not read. Save or test a key to unlock it.</source>
        <translation>你的密钥环已锁定，因此没有读取已保存的 fal 密钥。保存或测试密钥即可解锁它。</translation>
    </message>
    <message>
        <source>No secure key store (OS keyring) is available: the fal key is kept for this session only and must be entered again next time.</source>
        <translation>没有可用的安全密钥存储（系统密钥环）：fal 密钥只在本次会话中保留，下次需要重新输入。</translation>
    </message>
</context>
<context>
    <name>KeyText</name>
    <message>
        <source>Looking for a stored key…</source>
        <translation>正在查找已保存的密钥…</translation>
    </message>
    <message>
        <source>OS keyring ({name}): kept securely between sessions.</source>
        <translation>系统密钥环（{name}）：在会话之间安全保存。</translation>
    </message>
    <message>
        <source>This session only (no OS keyring available): the key is never written to a file.</source>
        <translation>仅限本次会话（没有可用的系统密钥环）：密钥绝不会写入文件。</translation>
    </message>
    <message>
        <source>fal knows this key but refused access (403): the account may be locked or out of credit, or the endpoint is private. {message}</source>
        <translation>fal 认识这个密钥，但拒绝访问 (403)：账户可能被锁定或余额不足，或者端点是私有的。{message}</translation>
    </message>
    <message>
        <source>fal rejected this key (401): it is wrong, revoked or incomplete. {message}</source>
        <translation>fal 拒绝了这个密钥 (401)：它错误、已撤销或不完整。{message}</translation>
    </message>
    <message>
        <source>Could not reach fal to test the key: {message}</source>
        <translation>无法连接 fal 来测试密钥：{message}</translation>
    </message>
    <message>
        <source>The key works: fal authenticated it.</source>
        <translation>密钥有效：fal 已验证它。</translation>
    </message>
    <message>
        <source>fal answered unexpectedly ({status}): {message}</source>
        <translation>fal 的回应出乎意料（{status}）：{message}</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Show the interface in this language (from the next start)</source>
        <translation>以这种语言显示界面（下次启动时生效）</translation>
    </message>
    <message>
        <source>The interface language changes when GameCraft Desktop starts again.</source>
        <extracomment>Replaceable in tests: tells the person the change applies at the next start.</extracomment>
        <translation>界面语言会在 GameCraft Desktop 下次启动时更改。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>LanguageTexts</name>
    <message>
        <source>System language</source>
        <extracomment>The interface languages there is a translation for (&quot;en&quot; is the source language). Each language&apos;s name in itself (QLocale says &quot;American English&quot; for en).</extracomment>
        <translation>系统语言</translation>
    </message>
</context>
<context>
    <name>MainActions</name>
    <message>
        <source>&amp;New Project</source>
        <extracomment>The actions&apos; words (core/texts.py: the name is the translation context).</extracomment>
        <translation>新建项目(&amp;N)</translation>
    </message>
    <message>
        <source>Start a new project</source>
        <translation>开始一个新项目</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a .gamecraft.json project</source>
        <translation>打开 .gamecraft.json 项目</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the project under a new name</source>
        <translation>用新名称保存项目</translation>
    </message>
    <message>
        <source>Open &amp;Image…</source>
        <translation>打开图片(&amp;I)…</translation>
    </message>
    <message>
        <source>Choose the input image</source>
        <translation>选择输入图片</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>粘贴图片(&amp;P)</translation>
    </message>
    <message>
        <source>Paste an image, path or image link</source>
        <translation>粘贴图片、路径或图片链接</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Export the selected video as GIF, WebP, MP4, PNG frames, one frame or a contact sheet</source>
        <translation>把所选视频导出为 GIF、WebP、MP4、PNG 帧、单帧或缩略图表</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close the window</source>
        <translation>关闭窗口</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Copy Request As</source>
        <translation>复制请求为(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the request as {title}</source>
        <translation>把请求复制为 {title}</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>Put every panel back where it started</source>
        <translation>把所有面板放回最初的位置</translation>
    </message>
    <message>
        <source>&amp;About {app}</source>
        <translation>关于 {app}(&amp;A)</translation>
    </message>
    <message>
        <source>Open &amp;Log Folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>Show the folder with the app&apos;s log files (attach them to a bug report)</source>
        <translation>显示存放应用日志文件的文件夹（报告问题时请附上它们）</translation>
    </message>
</context>
<context>
    <name>MainMenus</name>
    <message>
        <source>&amp;File</source>
        <extracomment>The menu bar&apos;s words (core/texts.py: the name is the translation context).</extracomment>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Recent &amp;Projects</source>
        <translation>最近的项目(&amp;P)</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>没有最近的项目</translation>
    </message>
    <message>
        <source>Recent I&amp;mages</source>
        <translation>最近的图片(&amp;M)</translation>
    </message>
    <message>
        <source>No recent images</source>
        <translation>没有最近的图片</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Path</source>
        <translation>路径(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Generating is not available yet</source>
        <translation>暂时还不能生成</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>The player shows the selected job&apos;s video here.</source>
        <translation>播放器在这里显示所选任务的视频。</translation>
    </message>
    <message>
        <source>Image, Prompt, Parameters</source>
        <translation>图片、提示词、参数</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Jobs appear here once you generate.</source>
        <translation>生成后，任务会出现在这里。</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Image, prompt and parameters</source>
        <translation>图片、提示词和参数</translation>
    </message>
    <message>
        <source>Player</source>
        <translation>播放器</translation>
    </message>
    <message>
        <source>fal key</source>
        <translation>fal 密钥</translation>
    </message>
    <message>
        <source>Not ready:</source>
        <translation>尚未就绪：</translation>
    </message>
    <message>
        <source>Generate {summary} (Ctrl+Enter)</source>
        <translation>生成 {summary} (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Copy the exact request as Python, JavaScript or cURL ($FAL_KEY, never your key)</source>
        <translation>把确切的请求复制为 Python、JavaScript 或 cURL 代码（使用 $FAL_KEY，绝不包含你的密钥）</translation>
    </message>
    <message>
        <source>Cannot copy the request yet:</source>
        <translation>还不能复制请求：</translation>
    </message>
    <message>
        <source>Cannot copy the request yet: {why}</source>
        <translation>还不能复制请求：{why}</translation>
    </message>
    <message>
        <source>it is not valid.</source>
        <translation>它无效。</translation>
    </message>
    <message>
        <source>Copied the request as {title} (the key is read from $FAL_KEY).</source>
        <translation>已把请求复制为 {title}（密钥从 $FAL_KEY 读取）。</translation>
    </message>
    <message>
        <source>{project}[*] — {app}</source>
        <translation>{project}[*] — {app}</translation>
    </message>
    <message>
        <source>About {app}</source>
        <translation>关于 {app}</translation>
    </message>
    <message>
        <source>{app} {version}
Compose camera paths and turn one image into a video with Hunyuan-GameCraft.</source>
        <translation>{app} {version}
编排镜头路径，用 Hunyuan-GameCraft 把一张图片变成视频。</translation>
    </message>
</context>
<context>
    <name>PanelCycle</name>
    <message>
        <source>Next Panel</source>
        <translation>下一个面板</translation>
    </message>
    <message>
        <source>Previous Panel</source>
        <translation>上一个面板</translation>
    </message>
    <message>
        <source>Move the keyboard focus to the next panel</source>
        <translation>把键盘焦点移到下一个面板</translation>
    </message>
    <message>
        <source>Move the keyboard focus to the previous panel</source>
        <translation>把键盘焦点移到上一个面板</translation>
    </message>
</context>
<context>
    <name>ParametersPanel</name>
    <message>
        <source>CFG scale</source>
        <translation>CFG 强度</translation>
    </message>
    <message>
        <source>How strongly the prompt steers the video (1 turns the negative prompt off)</source>
        <translation>提示词对视频的引导强度（1 会关闭反向提示词）</translation>
    </message>
    <message>
        <source>Inference steps</source>
        <translation>推理步数</translation>
    </message>
    <message>
        <source>Denoising steps per chunk; more is slower</source>
        <translation>每段的去噪步数；越多越慢</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>The same seed and inputs give the same video</source>
        <translation>相同的种子和输入会得到相同的视频</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Pick a random non-zero seed</source>
        <translation>选择一个非零的随机种子</translation>
    </message>
    <message>
        <source>Seed problem</source>
        <translation>种子问题</translation>
    </message>
    <message>
        <source>Seed 0 means a random seed on the server: the video cannot be reproduced.</source>
        <translation>种子 0 表示由服务器随机选择种子：视频无法复现。</translation>
    </message>
    <message>
        <source>Seed warning</source>
        <translation>种子警告</translation>
    </message>
    <message>
        <source>Use a random seed instead</source>
        <translation>改用随机种子</translation>
    </message>
    <message>
        <source>Replace seed 0 with a random seed</source>
        <translation>用随机种子替换种子 0</translation>
    </message>
    <message>
        <source>Pick a random non-zero seed you can reuse later</source>
        <translation>选择一个以后可以重复使用的非零随机种子</translation>
    </message>
    <message>
        <source>Endpoint id</source>
        <translation>端点 ID</translation>
    </message>
    <message>
        <source>The fal endpoint that runs the model, as owner/alias</source>
        <translation>运行模型的 fal 端点，格式为 owner/alias</translation>
    </message>
    <message>
        <source>Endpoint problem</source>
        <translation>端点问题</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <source>Show advanced options</source>
        <translation>显示高级选项</translation>
    </message>
    <message>
        <source>Queue priority and start timeout</source>
        <translation>队列优先级和启动超时</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Queue priority</source>
        <translation>队列优先级</translation>
    </message>
    <message>
        <source>Queue priorities</source>
        <translation>队列优先级</translation>
    </message>
    <message>
        <source>Low-priority jobs wait behind normal ones in fal&apos;s queue</source>
        <translation>低优先级任务在 fal 的队列中排在普通任务之后</translation>
    </message>
    <message>
        <source>Give up if not started within</source>
        <translation>超过此时间仍未开始则放弃</translation>
    </message>
    <message>
        <source>Use a start timeout</source>
        <translation>使用启动超时</translation>
    </message>
    <message>
        <source>Cancel the job if it has not started running by then</source>
        <translation>如果任务到那时还没开始运行，就取消它</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Start timeout in seconds</source>
        <translation>启动超时（秒）</translation>
    </message>
    <message>
        <source>More than 1 second</source>
        <translation>大于 1 秒</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>&amp;CFG scale</source>
        <translation>CFG 强度(&amp;C)</translation>
    </message>
    <message>
        <source>S&amp;teps</source>
        <translation>步数(&amp;T)</translation>
    </message>
    <message>
        <source>S&amp;eed</source>
        <translation>种子(&amp;E)</translation>
    </message>
    <message>
        <source>En&amp;dpoint</source>
        <translation>端点(&amp;D)</translation>
    </message>
</context>
<context>
    <name>PathDocument</name>
    <message>
        <source>Replace path</source>
        <extracomment>The smallest speed the editors produce (the endpoint accepts anything &gt; 0). One wheel notch or one +/- key press changes the speed by this much.</extracomment>
        <translation>替换路径</translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation>添加 %1</translation>
    </message>
    <message>
        <source>Insert %1</source>
        <translation>插入 %1</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n move(s)</source>
        <translation>
            <numerusform>删除 %n 个移动</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reorder %n move(s)</source>
        <translation>
            <numerusform>重新排序 %n 个移动</numerusform>
        </translation>
    </message>
    <message>
        <source>Set speed {speed}</source>
        <translation>设置速度 {speed}</translation>
    </message>
    <message>
        <source>Change speed</source>
        <translation>更改速度</translation>
    </message>
    <message>
        <source>Change to %1</source>
        <translation>改为 %1</translation>
    </message>
    <message numerus="yes">
        <source>Duplicate %n move(s)</source>
        <translation>
            <numerusform>复制 %n 个移动</numerusform>
        </translation>
    </message>
    <message>
        <source>Append preset {name}</source>
        <translation>追加预设 {name}</translation>
    </message>
    <message>
        <source>Preset {name}</source>
        <translation>预设 {name}</translation>
    </message>
    <message>
        <source>Clear path</source>
        <translation>清空路径</translation>
    </message>
</context>
<context>
    <name>PathMapText</name>
    <message numerus="yes">
        <source>{n} speed unit(s)</source>
        <extracomment>The map&apos;s words outside its widget (core/texts.py).</extracomment>
        <translation>
            <numerusform>{n} 个速度单位</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PathMapView</name>
    <message>
        <source>Path map</source>
        <translation>路径图</translation>
    </message>
    <message>
        <source>Top-down view of the commanded camera path: right is +X, up is forward.
Lengths are the model&apos;s speed units; the real motion depends on the scene.
The wedge is the camera&apos;s horizontal field of view (89.4°); thick segments are the selected moves.</source>
        <translation>指令镜头路径的俯视图：右为 +X，上为前方。
长度以模型的速度单位计；实际运动取决于场景。
扇形是镜头的水平视野 (89.4°)；粗线段是所选的移动。</translation>
    </message>
    <message numerus="yes">
        <source>Camera path of %n move(s); it ends {x} right and {y} forward of the start.</source>
        <translation>
            <numerusform>%n 个移动的镜头路径；终点在起点右方 {x}、前方 {y}。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Highlighted: move(s) {moves}.</source>
        <translation>
            <numerusform>高亮：移动 {moves}。</numerusform>
        </translation>
    </message>
    <message>
        <source>The camera is in move {i}.</source>
        <translation>镜头处于移动 {i}。</translation>
    </message>
    <message>
        <source>Add moves on the timeline to see the camera&apos;s path</source>
        <translation>在时间线上添加移动即可看到镜头路径</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>Start · End</source>
        <translation>起点 · 终点</translation>
    </message>
    <message>
        <source>End</source>
        <translation>终点</translation>
    </message>
</context>
<context>
    <name>PathMenus</name>
    <message>
        <source>{key} — {move}</source>
        <extracomment>Order of the keys in menus and tool buttons.</extracomment>
        <translation>{key} — {move}</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Path presets</source>
        <translation>路径预设</translation>
    </message>
    <message>
        <source>Append to the path</source>
        <translation>追加到路径</translation>
    </message>
    <message>
        <source>Replace the path with</source>
        <translation>用以下内容替换路径</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Timeline actions</source>
        <translation>时间线操作</translation>
    </message>
    <message>
        <source>Change to</source>
        <translation>改为</translation>
    </message>
    <message>
        <source>Set speed…</source>
        <translation>设置速度…</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Clear path</source>
        <translation>清空路径</translation>
    </message>
</context>
<context>
    <name>PathRecorder</name>
    <message>
        <source>Record %1 ×%2</source>
        <extracomment>Speed multiplier while Shift is held in record mode. The longest the timer sleeps between checks while a key is held. How long a release waits for the press that autorepeat sends right after it (same X timestamp; both are in the event queue together, so this only has to outlast one pass of the event loop under load).</extracomment>
        <translation>录制 %1 ×%2</translation>
    </message>
</context>
<context>
    <name>PathRules</name>
    <message>
        <source>dolly forward</source>
        <extracomment>The camera path&apos;s words for people (see core/texts.py: the name is the translation context). The actions the `anthonywu/gamecraft` endpoint accepts.</extracomment>
        <translation>向前推进</translation>
    </message>
    <message>
        <source>strafe left</source>
        <translation>向左平移</translation>
    </message>
    <message>
        <source>dolly backward</source>
        <translation>向后拉远</translation>
    </message>
    <message>
        <source>strafe right</source>
        <translation>向右平移</translation>
    </message>
    <message>
        <source>turn left</source>
        <translation>向左转</translation>
    </message>
    <message>
        <source>turn right</source>
        <translation>向右转</translation>
    </message>
    <message>
        <source>tilt up</source>
        <translation>向上仰</translation>
    </message>
    <message>
        <source>tilt down</source>
        <translation>向下俯</translation>
    </message>
    <message>
        <source>this app&apos;s guard: fal&apos;s endpoint does not check it</source>
        <extracomment>Said wherever this app refuses what fal&apos;s endpoint itself would take (real-app-behaviour.md): the limit is kept as a guard against paying for a run the model was not made for.</extracomment>
        <translation>本应用的保护规则：fal 的端点不检查它</translation>
    </message>
    <message>
        <source>{actions} actions but {speeds} speeds: every action needs exactly one speed.</source>
        <translation>{actions} 个动作却有 {speeds} 个速度：每个动作都需要恰好一个速度。</translation>
    </message>
    <message>
        <source>The camera path is empty: add at least one move (W, A, S or D).</source>
        <translation>镜头路径为空：请至少添加一个移动（W、A、S 或 D）。</translation>
    </message>
    <message>
        <source>Move {i} ({action}) is not supported by this endpoint; use W, A, S or D.</source>
        <translation>此端点不支持移动 {i}（{action}）；请使用 W、A、S 或 D。</translation>
    </message>
    <message>
        <source>Move {i} has speed {speed}; speeds must be greater than 0 and at most 3 ({guard}).</source>
        <translation>移动 {i} 的速度为 {speed}；速度必须大于 0 且不超过 3（{guard}）。</translation>
    </message>
</context>
<context>
    <name>PlayerKeys</name>
    <message>
        <source>Export…</source>
        <extracomment>The player&apos;s menu words (core/texts.py: the name is the translation context). (key, modifiers) -&gt; command; the keys shown in the menu come from here too.</extracomment>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save Frame as PNG…</source>
        <translation>把帧保存为 PNG…</translation>
    </message>
    <message>
        <source>Copy Frame</source>
        <translation>复制帧</translation>
    </message>
    <message>
        <source>Set In Point Here</source>
        <translation>在此设置入点</translation>
    </message>
    <message>
        <source>Set Out Point Here</source>
        <translation>在此设置出点</translation>
    </message>
    <message>
        <source>Clear In and Out</source>
        <translation>清除入点和出点</translation>
    </message>
    <message>
        <source>Save video…</source>
        <translation>保存视频…</translation>
    </message>
    <message>
        <source>Save video</source>
        <translation>保存视频</translation>
    </message>
</context>
<context>
    <name>PlayerPresenter</name>
    <message>
        <source>Out of date: rendering a preview of the new path…</source>
        <extracomment>The player&apos;s words outside a widget (core/texts.py: the name is the translation context).</extracomment>
        <translation>已过期：正在渲染新路径的预览…</translation>
    </message>
    <message>
        <source>Rendering a free preview of the camera path…</source>
        <translation>正在渲染镜头路径的免费预览…</translation>
    </message>
    <message>
        <source>The free preview failed: {error}</source>
        <translation>免费预览失败：{error}</translation>
    </message>
</context>
<context>
    <name>PlayerText</name>
    <message>
        <source>The video plays here as soon as it is ready.</source>
        <translation>视频一就绪就会在这里播放。</translation>
    </message>
</context>
<context>
    <name>PlayerView</name>
    <message>
        <source>Video player</source>
        <translation>视频播放器</translation>
    </message>
    <message>
        <source>Space: play or pause · comma / full stop (or ← / →): step one frame · Home / End: first / last frame · I / O: in and out points for export · Ctrl+Shift+S: save this frame · drag the picture out to copy the video file</source>
        <translation>空格：播放或暂停 · 逗号 / 句号（或 ← / →）：逐帧 · Home / End：第一帧 / 最后一帧 · I / O：导出的入点和出点 · Ctrl+Shift+S：保存这一帧 · 把画面拖出即可复制视频文件</translation>
    </message>
    <message>
        <source>SANDBOX — simulated</source>
        <translation>SANDBOX — 模拟</translation>
    </message>
    <message>
        <source>Made by the local sandbox: a simulated camera move, not the GameCraft model.</source>
        <translation>由本地 Sandbox 生成：模拟的镜头移动，不是 GameCraft 模型。</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play / pause (Space)</source>
        <translation>播放 / 暂停（空格）</translation>
    </message>
    <message>
        <source>Previous frame</source>
        <translation>上一帧</translation>
    </message>
    <message>
        <source>Step back one frame (, or Left)</source>
        <translation>后退一帧（, 或 ←）</translation>
    </message>
    <message>
        <source>Next frame</source>
        <translation>下一帧</translation>
    </message>
    <message>
        <source>Step forward one frame (. or Right)</source>
        <translation>前进一帧（. 或 →）</translation>
    </message>
    <message>
        <source>Scrub</source>
        <translation>拖动定位</translation>
    </message>
    <message>
        <source>Time and frame</source>
        <translation>时间和帧</translation>
    </message>
    <message>
        <source>Add an image and a camera path to see a free preview here.</source>
        <translation>添加图片和镜头路径，即可在这里看到免费预览。</translation>
    </message>
    <message>
        <source>PREVIEW — simulated, free</source>
        <translation>预览 — 模拟，免费</translation>
    </message>
    <message>
        <source>No video selected.</source>
        <translation>没有选择视频。</translation>
    </message>
    <message>
        <source>Video playback is unavailable: QtMultimedia could not be loaded ({error}). On Debian/Ubuntu install the libpulse0 package. The video is at {path}; Save video… and dragging it out still work.</source>
        <translation>无法播放视频：无法加载 QtMultimedia（{error}）。在 Debian/Ubuntu 上请安装 libpulse0 软件包。视频位于 {path}；“保存视频…”和把它拖出仍然可用。</translation>
    </message>
    <message>
        <source>This video cannot be played: {error}</source>
        <translation>这个视频无法播放：{error}</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <source>This file is not a playable video.</source>
        <translation>这个文件不是可播放的视频。</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>This is the free preview; generate to get a video to save</source>
        <translation>这是免费预览；生成后才能得到可保存的视频</translation>
    </message>
    <message>
        <source>Save the MP4 and a JSON sidecar with every input · the arrow: Export… (GIF, WebP, MP4, PNG frames, a frame, a contact sheet), the frame shown, in and out points</source>
        <translation>保存 MP4 以及记录全部输入的 JSON 附属文件 · 箭头：导出…（GIF、WebP、MP4、PNG 帧、单帧、缩略图表）、当前显示的帧、入点和出点</translation>
    </message>
    <message>
        <source>frame – / –</source>
        <translation>帧 – / –</translation>
    </message>
    <message>
        <source>{time} / {total} · frame {f} / {n}</source>
        <translation>{time} / {total} · 帧 {f} / {n}</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>Pr&amp;eferences…</source>
        <translation>偏好设置(&amp;E)…</translation>
    </message>
    <message>
        <source>Connection and other settings</source>
        <translation>连接和其他设置</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>API default (W S D A)</source>
        <translation>API 默认 (W S D A)</translation>
    </message>
    <message>
        <source>The endpoint&apos;s default: a small jiggle that returns home.</source>
        <translation>端点的默认路径：小幅晃动后回到原点。</translation>
    </message>
    <message>
        <source>Dolly in</source>
        <translation>推进</translation>
    </message>
    <message>
        <source>Move steadily forward into the scene.</source>
        <translation>稳定地向前移入场景。</translation>
    </message>
    <message>
        <source>Dolly out</source>
        <translation>拉远</translation>
    </message>
    <message>
        <source>Pull steadily back from the scene.</source>
        <translation>稳定地从场景中向后退出。</translation>
    </message>
    <message>
        <source>Strafe left</source>
        <translation>向左平移</translation>
    </message>
    <message>
        <source>Slide sideways to the left, facing forward.</source>
        <translation>面朝前方向左侧滑。</translation>
    </message>
    <message>
        <source>Strafe right</source>
        <translation>向右平移</translation>
    </message>
    <message>
        <source>Slide sideways to the right, facing forward.</source>
        <translation>面朝前方向右侧滑。</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>方形</translation>
    </message>
    <message>
        <source>Forward, right, back, left: a square that returns home.</source>
        <translation>前、右、后、左：走一个方形回到原点。</translation>
    </message>
    <message>
        <source>Zig-zag forward</source>
        <translation>之字形前进</translation>
    </message>
    <message>
        <source>Alternate forward with left and right slides.</source>
        <translation>交替地向前，并向左、向右侧滑。</translation>
    </message>
</context>
<context>
    <name>PreviewText</name>
    <message>
        <source>Loading the image…</source>
        <extracomment>The free preview&apos;s words (core/texts.py: the name is the translation context).</extracomment>
        <translation>正在加载图片…</translation>
    </message>
    <message>
        <source>Add an image and draw a camera path (W/A/S/D in the timeline) to see a free preview here.</source>
        <translation>添加图片并绘制镜头路径（时间线中的 W/A/S/D），即可在这里看到免费预览。</translation>
    </message>
    <message>
        <source>Add an image to see a free preview of the camera path.</source>
        <translation>添加图片，即可看到镜头路径的免费预览。</translation>
    </message>
    <message>
        <source>Draw a camera path (W/A/S/D in the timeline) to see a free preview here.</source>
        <translation>绘制镜头路径（时间线中的 W/A/S/D），即可在这里看到免费预览。</translation>
    </message>
    <message>
        <source>Fix the camera path to see a free preview: {problems}</source>
        <translation>修正镜头路径即可看到免费预览：{problems}</translation>
    </message>
    <message>
        <source>an unexpected error ({error}); the log has the details.</source>
        <translation>意外错误（{error}）；日志中有详细信息。</translation>
    </message>
</context>
<context>
    <name>ProjectController</name>
    <message>
        <source>GameCraft projects (*.gamecraft.json);;All files (*)</source>
        <translation>GameCraft 项目 (*.gamecraft.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Opened {name}</source>
        <translation>已打开 {name}</translation>
    </message>
    <message>
        <source>Some values were changed</source>
        <translation>部分值已被更改</translation>
    </message>
    <message>
        <source>{name} has values outside what the app accepts; they were changed to the nearest accepted value. The file stays as it is until you save.
{changes}</source>
        <translation>{name} 中有超出应用接受范围的值；它们已被改为最接近的可接受值。在你保存之前，文件保持原样。
{changes}</translation>
    </message>
    <message>
        <source>Save Project As</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>{name} has unsaved changes. Save them first?</source>
        <translation>{name} 有未保存的更改。先保存吗？</translation>
    </message>
    <message>
        <source>Cannot save project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>已保存 {name}</translation>
    </message>
    <message>
        <source>CFG scale</source>
        <translation>CFG 强度</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Start timeout (s)</source>
        <translation>启动超时（秒）</translation>
    </message>
</context>
<context>
    <name>ProjectText</name>
    <message>
        <source>must be a number, not true or false</source>
        <extracomment>A project file&apos;s problems in words (core/texts.py: the name is the translation context).</extracomment>
        <translation>必须是数字，而不是 true 或 false</translation>
    </message>
    <message>
        <source>{field} of move {move} ({key})</source>
        <translation>移动 {move} 的{field}（{key}）</translation>
    </message>
    <message>
        <source>value at &apos;{key}&apos;</source>
        <translation>“{key}”处的值</translation>
    </message>
    <message>
        <source>This is not a GameCraft project: the file is not UTF-8 text.</source>
        <translation>这不是 GameCraft 项目：文件不是 UTF-8 文本。</translation>
    </message>
    <message>
        <source>The project file is empty.</source>
        <translation>项目文件为空。</translation>
    </message>
    <message>
        <source>The project file is damaged or truncated (JSON error at line {lineno}, column {colno}).</source>
        <translation>项目文件已损坏或被截断（JSON 错误位于第 {lineno} 行第 {colno} 列）。</translation>
    </message>
    <message>
        <source>The project file is damaged: it is nested too deeply.</source>
        <translation>项目文件已损坏：嵌套太深。</translation>
    </message>
    <message>
        <source>This JSON file is not a GameCraft project.</source>
        <translation>这个 JSON 文件不是 GameCraft 项目。</translation>
    </message>
    <message>
        <source>The project file has no valid schema version.</source>
        <translation>项目文件没有有效的格式版本。</translation>
    </message>
    <message>
        <source>This project was saved by a newer version of the app (project format {version}; this app reads up to {newest}). Update the app to open it.</source>
        <translation>这个项目由更新版本的应用保存（项目格式 {version}；本应用最多读取 {newest}）。请更新应用后再打开它。</translation>
    </message>
    <message>
        <source>The project file has an invalid {where}: {message}.</source>
        <translation>项目文件中的 {where} 无效：{message}。</translation>
    </message>
    <message>
        <source>The project&apos;s camera path is invalid: {exc}</source>
        <translation>项目的镜头路径无效：{exc}</translation>
    </message>
    <message>
        <source>{name} is {size} MB; a project file is a few kilobytes, so this is not a GameCraft project.</source>
        <extracomment>A project file is a few kilobytes; anything far larger is not one (and must not be read whole).</extracomment>
        <translation>{name} 为 {size} MB；项目文件只有几 KB，因此这不是 GameCraft 项目。</translation>
    </message>
    <message>
        <source>The project file {path} does not exist.</source>
        <translation>项目文件 {path} 不存在。</translation>
    </message>
    <message>
        <source>{path} is a folder, not a project file.</source>
        <translation>{path} 是文件夹，不是项目文件。</translation>
    </message>
    <message>
        <source>You do not have permission to read {path}.</source>
        <translation>你没有读取 {path} 的权限。</translation>
    </message>
    <message>
        <source>Could not read {path}: {error}.</source>
        <translation>无法读取 {path}：{error}。</translation>
    </message>
    <message>
        <source>The disk is full: {name} was not saved. Free some space and save again.</source>
        <translation>磁盘已满：{name} 未保存。请释放一些空间后再保存。</translation>
    </message>
    <message>
        <source>You do not have permission to write to {parent}. Choose another folder.</source>
        <translation>你没有写入 {parent} 的权限。请选择另一个文件夹。</translation>
    </message>
    <message>
        <source>{parent} is on a read-only disk. Choose another folder.</source>
        <translation>{parent} 位于只读磁盘上。请选择另一个文件夹。</translation>
    </message>
    <message>
        <source>The folder {parent} does not exist.</source>
        <translation>文件夹 {parent} 不存在。</translation>
    </message>
    <message>
        <source>Could not save {name}: {error}.</source>
        <translation>无法保存 {name}：{error}。</translation>
    </message>
    <message>
        <source>The project&apos;s image {path} is a folder, not an image — locate the image or choose another one.</source>
        <translation>项目的图片 {path} 是文件夹，不是图片 — 请找到该图片或选择另一张。</translation>
    </message>
    <message>
        <source>The image {path} is missing — locate it or choose another image.</source>
        <translation>图片 {path} 不见了 — 请找到它或选择另一张图片。</translation>
    </message>
    <message>
        <source>The image {path} cannot be read: {error}.</source>
        <translation>无法读取图片 {path}：{error}。</translation>
    </message>
    <message>
        <source>The image at {path} has changed since the project was saved. Use it as it is now, or locate the original.</source>
        <translation>{path} 处的图片在项目保存后发生了变化。请使用它现在的样子，或找到原始图片。</translation>
    </message>
</context>
<context>
    <name>PromptEditor</name>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Required. Describe the scene the camera moves through.</source>
        <translation>必填。描述镜头穿过的场景。</translation>
    </message>
    <message>
        <source>Required: describe the scene (the model reads about 200 words)</source>
        <translation>必填：描述场景（模型大约读取 200 个单词）</translation>
    </message>
    <message>
        <source>Describe the scene, e.g. “A medieval village street at dusk, lanterns, cobblestones”</source>
        <translation>描述场景，例如“黄昏时的中世纪村庄街道，灯笼，鹅卵石路”</translation>
    </message>
    <message>
        <source>Pro&amp;mpt (required)</source>
        <translation>提示词（必填）(&amp;M)</translation>
    </message>
    <message>
        <source>Prompt word count</source>
        <translation>提示词字数</translation>
    </message>
    <message>
        <source>Prompt required</source>
        <translation>需要提示词</translation>
    </message>
    <message>
        <source>Prompt length warning</source>
        <translation>提示词长度警告</translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <source>What the model should avoid (used only when CFG scale is above 1)</source>
        <translation>模型应避免的内容（仅在 CFG 强度大于 1 时使用）</translation>
    </message>
    <message>
        <source>&amp;Negative prompt</source>
        <translation>反向提示词(&amp;N)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Reset negative prompt</source>
        <translation>重置反向提示词</translation>
    </message>
    <message>
        <source>Restore the endpoint&apos;s default negative prompt</source>
        <translation>恢复端点默认的反向提示词</translation>
    </message>
    <message>
        <source>CFG scale is 1, so the negative prompt has no effect.</source>
        <translation>CFG 强度为 1，因此反向提示词不起作用。</translation>
    </message>
    <message>
        <source>Negative prompt note</source>
        <translation>反向提示词说明</translation>
    </message>
    <message numerus="yes">
        <source>%n word(s)</source>
        <translation>
            <numerusform>%n 个词</numerusform>
        </translation>
    </message>
    <message>
        <source>A prompt is required.</source>
        <translation>需要提示词。</translation>
    </message>
    <message>
        <source>Describe the scene to enable Generate.</source>
        <translation>描述场景即可启用“生成”。</translation>
    </message>
</context>
<context>
    <name>RecentMenu</name>
    <message>
        <source>{name} (not found)</source>
        <translation>{name}（未找到）</translation>
    </message>
    <message>
        <source>Not found: {path}</source>
        <translation>未找到：{path}</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>清空列表</translation>
    </message>
</context>
<context>
    <name>RenderText</name>
    <message>
        <source>The image file {image} does not exist.</source>
        <extracomment>The simulated render&apos;s problems in words (core/texts.py: the name is the translation context).</extracomment>
        <translation>图片文件 {image} 不存在。</translation>
    </message>
    <message>
        <source>The input image is too large to render: {exc}</source>
        <translation>输入图片太大，无法渲染：{exc}</translation>
    </message>
    <message>
        <source>The input image cannot be decoded: {exc}</source>
        <translation>无法解码输入图片：{exc}</translation>
    </message>
    <message>
        <source>The camera path is empty: add at least one move (W, A, S or D).</source>
        <translation>镜头路径为空：请至少添加一个移动（W、A、S 或 D）。</translation>
    </message>
    <message>
        <source>Rendering was cancelled.</source>
        <translation>渲染已取消。</translation>
    </message>
</context>
<context>
    <name>RequestRules</name>
    <message>
        <source>The image is only {w}×{h} pixels: the model enlarges it ×{scale} to 1216×704, so the video will look blurry. Use an image at least 608×352.</source>
        <extracomment>The model may enlarge an image this much before the video looks blurry enough to say so.</extracomment>
        <translation>图片只有 {w}×{h} 像素：模型会把它放大 ×{scale} 到 1216×704，因此视频会显得模糊。请使用至少 608×352 的图片。</translation>
    </message>
    <message numerus="yes">
        <source>The prompt has %n words; the model reads about the first 256 tokens (~200 words).</source>
        <extracomment>The request&apos;s checks in words (core/texts.py: the name is the translation context). The seed is a signed 64-bit integer on the wire (what the endpoint&apos;s int and torch&apos;s generator take). Rough time on fal for one move at the default 5 steps: a 4-move job has been reported at 10+ minutes on an H100 (gamecraft-model.md). Time grows linearly with moves and with steps. Above this estimated time per run (four times the default request) a request is called costly.</extracomment>
        <translation>
            <numerusform>提示词有 %n 个词；模型大约只读取前 256 个 token（约 200 个英文单词）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Seed 0 means a random seed on the server: the result cannot be reproduced.</source>
        <translation>种子 0 表示由服务器随机选择种子：结果无法复现。</translation>
    </message>
    <message>
        <source>The seed is empty: type a whole number, or press Random.</source>
        <translation>种子为空：请输入一个整数，或按“随机”。</translation>
    </message>
    <message>
        <source>The seed must be a whole number; “{text}” is not a number.</source>
        <translation>种子必须是整数；“{text}”不是数字。</translation>
    </message>
    <message>
        <source>The seed must be a whole number; {text} has a fractional part or exponent.</source>
        <translation>种子必须是整数；{text} 带有小数部分或指数。</translation>
    </message>
    <message>
        <source>Seed {seed} is out of range: seeds go from {low} to {high}.</source>
        <translation>种子 {seed} 超出范围：种子范围为 {low} 到 {high}。</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n move(s) make a {length} video ({frames} frames)</source>
        <translation>
            <numerusform>%n 个移动组成 {length} 的视频（{frames} 帧）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>at %n step(s) each</source>
        <translation>
            <numerusform>每个 %n 步</numerusform>
        </translation>
    </message>
    <message>
        <source>which may take about {time} on fal</source>
        <translation>在 fal 上可能需要约 {time}</translation>
    </message>
    <message numerus="yes">
        <source>which may take about {time} on fal per run, {total} for %n runs</source>
        <translation>
            <numerusform>在 fal 上每次运行可能需要约 {time}，%n 次运行共 {total}</numerusform>
        </translation>
    </message>
    <message>
        <source>the default 4 moves at {steps} steps take about {time}</source>
        <translation>默认的 4 个移动、{steps} 步约需 {time}</translation>
    </message>
    <message>
        <source>Costly request: {video} {steps}, {time} ({default}). fal bills the time it runs.</source>
        <translation>高成本请求：{video}，{steps}，{time}（{default}）。fal 按运行时间计费。</translation>
    </message>
</context>
<context>
    <name>RunText</name>
    <message>
        <source>seed {value}</source>
        <extracomment>The runs&apos; words (core/texts.py: the name is the translation context).</extracomment>
        <translation>种子 {value}</translation>
    </message>
    <message>
        <source>speed {value}</source>
        <translation>速度 {value}</translation>
    </message>
    <message>
        <source>CFG {value}</source>
        <translation>CFG {value}</translation>
    </message>
    <message>
        <source>{value} steps</source>
        <translation>{value} 步</translation>
    </message>
    <message>
        <source>(no extra words)</source>
        <translation>（无附加词）</translation>
    </message>
    <message>
        <source>neg. “{value}”</source>
        <translation>反向“{value}”</translation>
    </message>
    <message>
        <source>neg. (no extra words)</source>
        <translation>反向（无附加词）</translation>
    </message>
</context>
<context>
    <name>ScrubBar</name>
    <message>
        <source>Drag to scrub through the video · I / O set the in and out points for export</source>
        <translation>拖动以在视频中定位 · I / O 设定导出的入点和出点</translation>
    </message>
    <message numerus="yes">
        <source>Export range: frames {a}–{b} (%n frame(s)) · I / O move its ends · Alt+X clears it</source>
        <translation>
            <numerusform>导出范围：第 {a}–{b} 帧（%n 帧）· I / O 移动其两端 · Alt+X 清除</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SpeedEditor</name>
    <message>
        <source>&amp;Speed</source>
        <translation>速度(&amp;S)</translation>
    </message>
    <message>
        <source>Speed editor</source>
        <translation>速度编辑器</translation>
    </message>
    <message>
        <source>Speed of move {i} (0.01–3.00 speed units per move)</source>
        <translation>移动 {i} 的速度（每个移动 0.01–3.00 速度单位）</translation>
    </message>
    <message numerus="yes">
        <source>Speed of the %n selected move(s) (0.01–3.00)</source>
        <translation>
            <numerusform>所选 %n 个移动的速度 (0.01–3.00)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The %n selected move(s) have different speeds; a change sets them all (0.01–3.00)</source>
        <translation>
            <numerusform>所选的 %n 个移动速度不同；更改会把它们全部设为同一值 (0.01–3.00)</numerusform>
        </translation>
    </message>
    <message>
        <source>Speed of the selected moves</source>
        <translation>所选移动的速度</translation>
    </message>
    <message>
        <source>A change also becomes the speed for new moves.</source>
        <translation>更改也会成为新移动的速度。</translation>
    </message>
    <message>
        <source>Speed for new moves added with W, A, S, D (0.01–3.00)</source>
        <translation>用 W、A、S、D 添加的新移动的速度 (0.01–3.00)</translation>
    </message>
    <message>
        <source>Speed for new moves</source>
        <translation>新移动的速度</translation>
    </message>
    <message>
        <source>Speed {speed} is outside 0.01–3.00: the path cannot be sent until it is changed.</source>
        <translation>速度 {speed} 超出 0.01–3.00：更改之前无法发送该路径。</translation>
    </message>
</context>
<context>
    <name>SpendGuard</name>
    <message>
        <source>Spending</source>
        <extracomment>Replaceable in tests: (window, reason, details) -&gt; generate anyway?</extracomment>
        <translation>花费</translation>
    </message>
    <message>
        <source>The settings could not be saved ({error}); nothing changed.</source>
        <translation>无法保存设置（{error}）；没有任何更改。</translation>
    </message>
    <message>
        <source>Sandbox: free. On fal:</source>
        <translation>Sandbox：免费。在 fal 上：</translation>
    </message>
    <message>
        <source>May go over your limit: Generate asks first.</source>
        <translation>可能超出你的上限：“生成”会先询问。</translation>
    </message>
    <message>
        <source>Real runs on fal that ended this month: their GPU time{cost}. Sandbox runs are free and never counted.</source>
        <translation>本月结束的 fal 真实运行：其 GPU 时间{cost}。Sandbox 运行免费，从不计入。</translation>
    </message>
    <message>
        <source> and its cost at your price</source>
        <translation> 及按你的价格计算的费用</translation>
    </message>
</context>
<context>
    <name>SpendQuestion</name>
    <message>
        <source>Over your spending limit?</source>
        <extracomment>The question&apos;s words (core/texts.py: the name is the translation context).</extracomment>
        <translation>超出你的花费上限？</translation>
    </message>
    <message>
        <source>Generate anyway</source>
        <translation>仍然生成</translation>
    </message>
</context>
<context>
    <name>SpendText</name>
    <message>
        <source>the model&apos;s typical figure from gamecraft-model.md: a 4-move job at 5 steps reported at 10+ minutes on an H100</source>
        <extracomment>Finished real jobs needed before the estimate is the person&apos;s own. Below this many jobs the range is lowest–highest; from it on, the 10th to the 90th percentile. Where fal lists its prices (linked from Preferences ▸ Spending).</extracomment>
        <translation>来自 gamecraft-model.md 的模型典型数据：一个 4 个移动、5 步的任务在 H100 上报告需要 10 分钟以上</translation>
    </message>
    <message>
        <source>${amount}</source>
        <extracomment>The estimate&apos;s and the month&apos;s words (core/texts.py: the name is the translation context).</extracomment>
        <translation>${amount}</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <source>{low}–{high}</source>
        <translation>{low}–{high}</translation>
    </message>
    <message numerus="yes">
        <source>%n finished fal job(s)</source>
        <translation>
            <numerusform>%n 个已完成的 fal 任务</numerusform>
        </translation>
    </message>
    <message>
        <source>no finished fal jobs</source>
        <translation>没有已完成的 fal 任务</translation>
    </message>
    <message>
        <source>Run ≈ {time} ({range})</source>
        <translation>运行 ≈ {time}（{range}）</translation>
    </message>
    <message>
        <source>Queue ≈ {time} ({range})</source>
        <translation>排队 ≈ {time}（{range}）</translation>
    </message>
    <message numerus="yes">
        <source>From your last %n fal job(s): {time} per move</source>
        <translation>
            <numerusform>根据你最近 %n 个 fal 任务：每个移动 {time}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From your last %n finished fal job(s) on {endpoint}: median {time} per move at {steps} steps ({range}).</source>
        <translation>
            <numerusform>根据你最近在 {endpoint} 上完成的 %n 个 fal 任务：{steps} 步时每个移动的中位数为 {time}（{range}）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Run ≈ {time} or more (typical)</source>
        <translation>运行 ≈ {time} 或更久（典型值）</translation>
    </message>
    <message>
        <source>Queue unknown</source>
        <translation>排队时间未知</translation>
    </message>
    <message>
        <source>Typical figures for this model: too little history ({have}; {needed} needed)</source>
        <translation>此模型的典型数据：历史记录太少（{have}；需要 {needed} 个）</translation>
    </message>
    <message>
        <source>Too little history ({have} on {endpoint}; {needed} needed), so these are typical figures for this model, not yours: about {time} per move at {steps} steps; the queue wait is unknown (a cold start can keep a job queued for long). Source: {source}.</source>
        <translation>历史记录太少（{endpoint} 上：{have}；需要 {needed} 个），因此这些是此模型的典型数据，而不是你的：{steps} 步时每个移动约 {time}；排队等待时间未知（冷启动可能让任务排队很久）。来源：{source}。</translation>
    </message>
    <message>
        <source>Cost ≈ {cost} ({low}–{high})</source>
        <translation>费用 ≈ {cost}（{low}–{high}）</translation>
    </message>
    <message>
        <source>Cost ≈ {cost} or more (typical)</source>
        <translation>费用 ≈ {cost} 或更多（典型值）</translation>
    </message>
    <message>
        <source>{cost} × {runs} = {total}</source>
        <translation>{cost} × {runs} = {total}</translation>
    </message>
    <message>
        <source>Priced at {price} per GPU-second (Preferences ▸ Spending).</source>
        <translation>按每 GPU 秒 {price} 计价（偏好设置 ▸ 花费）。</translation>
    </message>
    <message>
        <source>Set a price per GPU-second in Preferences ▸ Spending to see the cost.</source>
        <translation>在 偏好设置 ▸ 花费 中设置每 GPU 秒的价格即可看到费用。</translation>
    </message>
    <message numerus="yes">
        <source>{time} × %n run(s)</source>
        <translation>
            <numerusform>{time} × %n 次运行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Estimate for %n move(s) at {steps} steps</source>
        <translation>
            <numerusform>%n 个移动、{steps} 步的估计</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{estimate} × %n run(s)</source>
        <translation>
            <numerusform>{estimate} × %n 次运行</numerusform>
        </translation>
    </message>
    <message>
        <source>{estimate}. {basis} fal bills the time a job runs, not its queue wait. {price}</source>
        <translation>{estimate}。{basis} fal 按任务的运行时间计费，而不是排队等待时间。{price}</translation>
    </message>
    <message>
        <source>it may cost up to {cost}, above your limit of {limit} per Generate</source>
        <translation>费用可能高达 {cost}，超过你每次生成 {limit} 的上限</translation>
    </message>
    <message>
        <source>it may use up to {time} of GPU time, above your limit of {limit} min per Generate</source>
        <translation>可能使用多达 {time} 的 GPU 时间，超过你每次生成 {limit} 分钟的上限</translation>
    </message>
    <message>
        <source>your history</source>
        <translation>你的历史记录</translation>
    </message>
    <message>
        <source>the model&apos;s typical figures (too little history)</source>
        <translation>此模型的典型数据（历史记录太少）</translation>
    </message>
    <message numerus="yes">
        <source>This Generate (%n run(s))</source>
        <translation>
            <numerusform>本次生成（%n 次运行）</numerusform>
        </translation>
    </message>
    <message>
        <source>This Generate</source>
        <translation>本次生成</translation>
    </message>
    <message>
        <source>{generate}: {reasons}. Estimated from {basis}.</source>
        <translation>{generate}：{reasons}。根据{basis}估计。</translation>
    </message>
    <message>
        <source>{month}: no fal runs yet</source>
        <translation>{month}：还没有 fal 运行</translation>
    </message>
    <message numerus="yes">
        <source>{month}: %n fal run(s) · {time} GPU</source>
        <translation>
            <numerusform>{month}：%n 次 fal 运行 · GPU {time}</numerusform>
        </translation>
    </message>
    <message>
        <source>{text} · {cost}</source>
        <translation>{text} · {cost}</translation>
    </message>
    <message>
        <source>The price must be a number, such as 0.0011 (dollars per GPU-second).</source>
        <translation>价格必须是数字，例如 0.0011（美元每 GPU 秒）。</translation>
    </message>
    <message>
        <source>The price must be above 0 (and is per second, not per hour).</source>
        <translation>价格必须大于 0（并且按秒计，不是按小时）。</translation>
    </message>
</context>
<context>
    <name>SpendingSection</name>
    <message>
        <source>Spending</source>
        <translation>花费</translation>
    </message>
    <message>
        <source>fal bills the GPU time a job runs. Generate shows an estimate from your own finished jobs; with a price it also shows the cost. Sandbox runs are free and never counted.</source>
        <translation>fal 按任务运行的 GPU 时间计费。“生成”会根据你自己已完成的任务显示估计；设置价格后还会显示费用。Sandbox 运行免费，从不计入。</translation>
    </message>
    <message>
        <source>Price per GPU-second</source>
        <translation>每 GPU 秒的价格</translation>
    </message>
    <message>
        <source>not set: no cost is shown</source>
        <translation>未设置：不显示费用</translation>
    </message>
    <message>
        <source>In dollars per second of GPU time, as fal lists it for the machine the endpoint runs on</source>
        <translation>以美元每 GPU 秒计，按 fal 为该端点所运行机器列出的价格</translation>
    </message>
    <message>
        <source>See &lt;a href=&quot;{url}&quot;&gt;fal&apos;s prices&lt;/a&gt; for the GPU this endpoint runs on.</source>
        <translation>参见 &lt;a href=&quot;{url}&quot;&gt;fal 的价格&lt;/a&gt;，了解该端点所用 GPU 的价格。</translation>
    </message>
    <message>
        <source>Ask before a Generate that may cost more than</source>
        <translation>生成前询问，如果费用可能超过</translation>
    </message>
    <message>
        <source>Cost limit per Generate</source>
        <translation>每次生成的费用上限</translation>
    </message>
    <message>
        <source>Ask before a Generate that may use more GPU time than</source>
        <translation>生成前询问，如果 GPU 时间可能超过</translation>
    </message>
    <message>
        <source>GPU time limit per Generate</source>
        <translation>每次生成的 GPU 时间上限</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>&amp;Price per GPU-second:</source>
        <translation>每 GPU 秒的价格(&amp;P)：</translation>
    </message>
    <message>
        <source>The cost limit needs a price.</source>
        <translation>费用上限需要先设置价格。</translation>
    </message>
</context>
<context>
    <name>StackedMoves</name>
    <message>
        <source>Moves of the compared videos</source>
        <translation>对比视频的移动</translation>
    </message>
    <message>
        <source>Each compared video&apos;s own moves, one row each; the composer&apos;s timeline comes back when you leave compare</source>
        <translation>每个对比视频自己的移动，每个一行；离开对比后会回到编排区的时间线</translation>
    </message>
    <message>
        <source>{letter} · move {n}: {key} ({label}) at {speed}</source>
        <translation>{letter} · 移动 {n}：{key}（{label}），速度 {speed}</translation>
    </message>
</context>
<context>
    <name>StaleOverlay</name>
    <message>
        <source>Preview status</source>
        <extracomment>How much of the stale picture still shows through (0 = none).</extracomment>
        <translation>预览状态</translation>
    </message>
    <message>
        <source>Rendering the preview</source>
        <translation>正在渲染预览</translation>
    </message>
</context>
<context>
    <name>StatusCorner</name>
    <message>
        <source>Set, test or remove your fal key</source>
        <translation>设置、测试或移除你的 fal 密钥</translation>
    </message>
    <message>
        <source>fal key</source>
        <translation>fal 密钥</translation>
    </message>
    <message>
        <source>Mode: %1</source>
        <translation>模式：%1</translation>
    </message>
</context>
<context>
    <name>ThemeMenu</name>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>Follow the desktop&apos;s light or dark setting</source>
        <translation>跟随桌面的浅色或深色设置</translation>
    </message>
    <message>
        <source>Always light</source>
        <translation>始终浅色</translation>
    </message>
    <message>
        <source>Always dark</source>
        <translation>始终深色</translation>
    </message>
</context>
<context>
    <name>TimelineAccessible</name>
    <message>
        <source>move %1 of %2: %3, speed %4</source>
        <translation>移动 %1/%2：%3，速度 %4</translation>
    </message>
    <message>
        <source>, selected</source>
        <translation>，已选中</translation>
    </message>
    <message>
        <source>speed %1</source>
        <translation>速度 %1</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>Timeline panel</source>
        <translation>时间线面板</translation>
    </message>
    <message>
        <source>Add %1 at the current speed (key %2)</source>
        <translation>以当前速度添加 %1（按键 %2）</translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation>添加 %1</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Replace the path with a ready-made move, or append one</source>
        <translation>用现成的移动替换路径，或追加一个</translation>
    </message>
    <message>
        <source>Path presets</source>
        <translation>路径预设</translation>
    </message>
    <message>
        <source>■ Stop recording</source>
        <translation>■ 停止录制</translation>
    </message>
    <message>
        <source>● Record</source>
        <translation>● 录制</translation>
    </message>
</context>
<context>
    <name>TimelineText</name>
    <message>
        <source>● Recording {key}</source>
        <extracomment>Block pixmaps kept (each is one block, ~20 kB at 1×): several screens&apos; worth of distinct blocks. Room under a block&apos;s pixmap for the selection bar.</extracomment>
        <translation>● 正在录制 {key}</translation>
    </message>
    <message>
        <source>● Record mode: hold W, A, S or D (Shift: 2×) · R or Esc stops</source>
        <translation>● 录制模式：按住 W、A、S 或 D（Shift：2×）· R 或 Esc 停止</translation>
    </message>
    <message>
        <source>new moves: speed {speed}</source>
        <translation>新移动：速度 {speed}</translation>
    </message>
    <message numerus="yes">
        <source>Speed box: the %n selected move(s) · {speed}</source>
        <translation>
            <numerusform>速度框：所选的 %n 个移动 · {speed}</numerusform>
        </translation>
    </message>
    <message>
        <source>Speed box: {speed}</source>
        <translation>速度框：{speed}</translation>
    </message>
    <message>
        <source>Press W, A, S or D to add a move — or pick a preset from the right-click menu</source>
        <translation>按 W、A、S 或 D 添加移动 — 或从右键菜单中选择预设</translation>
    </message>
    <message>
        <source>{n} s</source>
        <extracomment>Words painted on or said about the timeline outside its widget classes (core/texts.py).</extracomment>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>Move {i}: {move}, speed {speed}
frames {first}–{last} ({start} – {end})</source>
        <translation>移动 {i}：{move}，速度 {speed}
帧 {first}–{last}（{start} – {end}）</translation>
    </message>
    <message>
        <source>Not sendable: speeds must be above 0 and at most 3, and only W, A, S, D work.</source>
        <translation>无法发送：速度必须大于 0 且不超过 3，并且只有 W、A、S、D 可用。</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Timeline: one block per move (1.375 s each).
W A S D (or the keys in their places, e.g. Z Q S D) add a move (Shift: 2× speed) · 1–9 set speed 0.1–0.9, 0 sets 1.0 · +/− change speed by 0.05
Del removes · ←/→ select (Shift extends) · Ctrl+←/→ reorder · Ctrl+D duplicate · Ctrl+A select all
F2 or double-click edits the speed · wheel over a block changes its speed · drag to reorder
R toggles record mode: hold W A S D to add one move now and one per further 1.375 s held</source>
        <translation>时间线：每个移动一个块（每个 1.375 秒）。
W A S D（或相同位置的按键，例如 Z Q S D）添加移动（Shift：2× 速度）· 1–9 设置速度 0.1–0.9，0 设置 1.0 · +/− 以 0.05 调整速度
Del 删除 · ←/→ 选择（Shift 扩展）· Ctrl+←/→ 重新排序 · Ctrl+D 复制 · Ctrl+A 全选
F2 或双击编辑速度 · 在块上滚动滚轮改变其速度 · 拖动以重新排序
R 切换录制模式：按住 W A S D 立即添加一个移动，之后每多按住 1.375 秒再添加一个</translation>
    </message>
    <message>
        <source>Scroll the timeline</source>
        <translation>滚动时间线</translation>
    </message>
    <message>
        <source>Timeline vertical scroll (unused)</source>
        <translation>时间线垂直滚动条（未使用）</translation>
    </message>
    <message>
        <source>Timeline blocks</source>
        <translation>时间线块</translation>
    </message>
    <message>
        <source>Record mode</source>
        <translation>录制模式</translation>
    </message>
    <message>
        <source>Record mode (R): hold W, A, S or D to add moves in real time; Shift for 2× speed</source>
        <translation>录制模式 (R)：按住 W、A、S 或 D 实时添加移动；Shift 为 2× 速度</translation>
    </message>
</context>
<context>
    <name>TransportBar</name>
    <message>
        <source>Previous frame</source>
        <translation>上一帧</translation>
    </message>
    <message>
        <source>Step every video back one frame (, or Left)</source>
        <translation>所有视频后退一帧（, 或 ←）</translation>
    </message>
    <message>
        <source>Play or pause</source>
        <translation>播放或暂停</translation>
    </message>
    <message>
        <source>Play / pause every video together (Space)</source>
        <translation>所有视频一起播放 / 暂停（空格）</translation>
    </message>
    <message>
        <source>Next frame</source>
        <translation>下一帧</translation>
    </message>
    <message>
        <source>Step every video forward one frame (. or Right)</source>
        <translation>所有视频前进一帧（. 或 →）</translation>
    </message>
    <message>
        <source>Scrub</source>
        <translation>拖动定位</translation>
    </message>
    <message>
        <source>Drag to scrub every video together (Home / End: first / last frame)</source>
        <translation>拖动以同时定位所有视频（Home / End：第一帧 / 最后一帧）</translation>
    </message>
    <message>
        <source>Time and frame</source>
        <translation>时间和帧</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Start again together when the longest video ends (L)</source>
        <translation>最长的视频结束时一起重新开始 (L)</translation>
    </message>
    <message>
        <source>Shorter: stop at end</source>
        <translation>较短的：在结尾停止</translation>
    </message>
    <message>
        <source>Shorter: loop to longest</source>
        <translation>较短的：循环到最长的结束</translation>
    </message>
    <message>
        <source>frame {f} / {n}</source>
        <translation>帧 {f} / {n}</translation>
    </message>
    <message>
        <source>{time} / {total}</source>
        <translation>{time} / {total}</translation>
    </message>
    <message>
        <source>What shorter videos do</source>
        <translation>较短的视频如何处理</translation>
    </message>
    <message>
        <source>The videos have different lengths. The clock runs to the end of the longest: a shorter one either stops on its last frame or starts again until the longest ends.</source>
        <translation>这些视频长度不同。时钟一直走到最长视频的结尾：较短的视频要么停在最后一帧，要么重新开始直到最长的结束。</translation>
    </message>
    <message>
        <source>Every compared video has the same length.</source>
        <translation>所有对比视频长度相同。</translation>
    </message>
</context>
<context>
    <name>Uploads</name>
    <message>
        <source>uploading the image</source>
        <extracomment>Upload problems in words (core/texts.py: the name is the translation context).</extracomment>
        <translation>上传图片</translation>
    </message>
    <message>
        <source>starting the upload</source>
        <translation>开始上传</translation>
    </message>
    <message>
        <source>{error} It is needed to upload the image.</source>
        <translation>{error} 上传图片需要它。</translation>
    </message>
    <message>
        <source>fal&apos;s storage answered without an upload address; try again later.</source>
        <translation>fal 的存储服务回应中没有上传地址；请稍后再试。</translation>
    </message>
    <message>
        <source>uploading part {number} of the image</source>
        <translation>上传图片的第 {number} 部分</translation>
    </message>
    <message>
        <source>fal&apos;s storage did not confirm part {number} of the upload; try again.</source>
        <translation>fal 的存储服务没有确认上传的第 {number} 部分；请重试。</translation>
    </message>
    <message>
        <source>finishing the upload</source>
        <translation>完成上传</translation>
    </message>
    <message>
        <source>fal&apos;s storage sent an unreadable answer while {what}; try again later.</source>
        <translation>fal 的存储服务在{what}时发送了无法读取的回应；请稍后再试。</translation>
    </message>
    <message>
        <source>The proxy (or fal behind it) refused the request while {what} (HTTP {code}){detail}.</source>
        <translation>代理（或其后的 fal）在{what}时拒绝了请求（HTTP {code}）{detail}。</translation>
    </message>
    <message>
        <source>fal refused the key while {what} (HTTP {code}){detail}.</source>
        <translation>fal 在{what}时拒绝了密钥（HTTP {code}）{detail}。</translation>
    </message>
    <message>
        <source>The upload address was refused (HTTP {code}) while {what}; it may have expired. Try again.</source>
        <translation>在{what}时上传地址被拒绝（HTTP {code}）；它可能已过期。请重试。</translation>
    </message>
    <message>
        <source>The image is too large for fal&apos;s storage (HTTP 413){detail}.</source>
        <translation>图片对 fal 的存储服务来说太大（HTTP 413）{detail}。</translation>
    </message>
    <message>
        <source>fal&apos;s storage is rate limiting uploads (HTTP 429); wait a minute and try again.</source>
        <translation>fal 的存储服务正在限制上传速度（HTTP 429）；请等一分钟后重试。</translation>
    </message>
    <message>
        <source>fal&apos;s storage failed while {what} (HTTP {code}); try again later.</source>
        <translation>fal 的存储服务在{what}时失败（HTTP {code}）；请稍后再试。</translation>
    </message>
    <message>
        <source>fal&apos;s storage refused the request while {what} (HTTP {code}){detail}.</source>
        <translation>fal 的存储服务在{what}时拒绝了请求（HTTP {code}）{detail}。</translation>
    </message>
    <message>
        <source> at {host}</source>
        <translation>（位于 {host}）</translation>
    </message>
    <message>
        <source>The upload timed out while {what}; check the connection and try again.</source>
        <translation>{what}时上传超时；请检查连接后重试。</translation>
    </message>
    <message>
        <source>Could not connect to fal&apos;s storage{host} while {what}; check the connection.</source>
        <translation>{what}时无法连接 fal 的存储服务{host}；请检查连接。</translation>
    </message>
    <message>
        <source>The connection broke while {what} ({kind}); try again.</source>
        <translation>{what}时连接中断（{kind}）；请重试。</translation>
    </message>
</context>
<context>
    <name>ValidationSummary</name>
    <message>
        <source>Problems before generating</source>
        <translation>生成前的问题</translation>
    </message>
    <message>
        <source>Ready to generate.</source>
        <translation>可以生成。</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
</context>
<context>
    <name>VideoView</name>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>The selected job&apos;s video or the free preview; Space plays or pauses</source>
        <translation>所选任务的视频或免费预览；空格播放或暂停</translation>
    </message>
</context>
</TS>
